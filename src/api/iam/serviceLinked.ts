// The service-linked roles Wharf's services make (CreateServiceLinkedRole): ECS's
// AWSServiceRoleForECS, at AWS's path, trusting the service, with AWS's managed policy. Pure data.
export interface ServiceLinkedRole {
  service: string;
  roleName: string;
  description: string;
  policyArn: string;
}

export const SERVICE_LINKED_ROLES: readonly ServiceLinkedRole[] = [
  {
    service: 'ecs.amazonaws.com',
    roleName: 'AWSServiceRoleForECS',
    description: 'Role to enable Amazon ECS to manage your cluster.',
    policyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy',
  },
];

export function serviceLinkedPath(service: string): string {
  return `/aws-service-role/${service}/`;
}

export function isServiceLinked(path: string): boolean {
  return path.startsWith('/aws-service-role/');
}

export function serviceTrustPolicy(service: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
}
