// Who a request acts as: the identity a verified signature stands for.
export interface Principal {
  arn: string;
  userId: string;
  accountId: string;
}
