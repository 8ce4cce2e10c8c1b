// One class per error that crosses the wire. The class name is the code the AWS SDKs expect,
// and STATUS maps every code to its HTTP status, so a code without a status fails to compile.

export type Fault = 'client' | 'server';

const STATUS = {
  // AWS JSON 1.1 framing and authentication
  SerializationException: 400,
  UnknownOperationException: 400,
  MissingAuthenticationTokenException: 400,
  UnrecognizedClientException: 400,
  InvalidSignatureException: 400,
  IncompleteSignatureException: 400,
  AccessDeniedException: 400,
  RequestEntityTooLargeException: 413,
  // ECS
  InvalidParameterException: 400,
  ClientException: 400,
  ServerException: 500,
  ClusterNotFoundException: 400,
  ClusterContainsContainerInstancesException: 400,
  ClusterContainsServicesException: 400,
  ClusterContainsTasksException: 400,
  ResourceNotFoundException: 400,
  ResourceInUseException: 400,
  LimitExceededException: 400,
  UpdateInProgressException: 400,
  AttributeLimitExceededException: 400,
  TargetNotFoundException: 400,
  ServiceNotFoundException: 400,
  ServiceNotActiveException: 400,
  PlatformUnknownException: 400,
  PlatformTaskDefinitionIncompatibilityException: 400,
  ConflictException: 400,
  ServiceDeploymentNotFoundException: 400,
  // ECR
  ValidationException: 400,
  RepositoryNotFoundException: 400,
  RepositoryAlreadyExistsException: 400,
  RepositoryNotEmptyException: 400,
  ImageTagAlreadyExistsException: 400,
  ImageAlreadyExistsException: 400,
  ImageNotFoundException: 400,
  ImageDigestDoesNotMatchException: 400,
  LayersNotFoundException: 400,
  ReferencedImagesNotFoundException: 400,
  LayerAlreadyExistsException: 400,
  LayerInaccessibleException: 400,
  LayerPartTooSmallException: 400,
  InvalidLayerException: 400,
  InvalidLayerPartException: 400,
  EmptyUploadException: 400,
  UploadNotFoundException: 400,
  InvalidTagParameterException: 400,
  TooManyTagsException: 400,
  LifecyclePolicyNotFoundException: 400,
  LifecyclePolicyPreviewNotFoundException: 400,
  LifecyclePolicyPreviewInProgressException: 400,
  RepositoryPolicyNotFoundException: 400,
  RegistryPolicyNotFoundException: 400,
  ScanNotFoundException: 400,
  UnsupportedImageTypeException: 400,
  KmsException: 400,
  PullThroughCacheRuleAlreadyExistsException: 400,
  PullThroughCacheRuleNotFoundException: 400,
  UnsupportedUpstreamRegistryException: 400,
  // CloudWatch Logs (also InvalidParameterException, ResourceNotFoundException, LimitExceededException)
  ResourceAlreadyExistsException: 400,
  // AWS Query (STS, IAM, ELBv2, CloudWatch)
  MissingAuthenticationToken: 403,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  IncompleteSignature: 400,
  InvalidAction: 400,
  InvalidParameterValue: 400,
  MissingParameter: 400,
  MalformedQueryString: 400,
  InternalFailure: 500,
  RequestEntityTooLarge: 413,
  AccessDenied: 403,
  // IAM (AWS Query; statuses from botocore's iam 2010-05-08 model)
  NoSuchEntity: 404,
  EntityAlreadyExists: 409,
  MalformedPolicyDocument: 400,
  LimitExceeded: 409,
  DeleteConflict: 409,
  InvalidInput: 400,
  UnmodifiableEntity: 400,
  PolicyNotAttachable: 400,
  ConcurrentModification: 409,
  EntityTemporarilyUnmodifiable: 409,
  ServiceFailure: 500,
  // STS (AWS Query; ExpiredTokenException is JSON's expired-credentials answer too)
  ExpiredToken: 400,
  ExpiredTokenException: 400,
  RegionDisabledException: 403,
  PackedPolicyTooLarge: 400,
  InvalidAuthorizationMessageException: 400,
  // ELBv2 (AWS Query)
  ValidationError: 400,
  LoadBalancerNotFound: 400,
  DuplicateLoadBalancerName: 400,
  TargetGroupNotFound: 400,
  DuplicateTargetGroupName: 400,
  ListenerNotFound: 400,
  DuplicateListener: 400,
  RuleNotFound: 400,
  PriorityInUse: 400,
  InvalidTarget: 400,
  ResourceInUse: 400,
  InvalidConfigurationRequest: 400,
  OperationNotPermitted: 400,
  TooManyTags: 400,
  DuplicateTagKeys: 400,
  TargetGroupAssociationLimit: 400,
  IncompatibleProtocols: 400,
  UnsupportedProtocol: 400,
  InvalidLoadBalancerAction: 400,
  TooManyTargets: 400,
  TooManyActions: 400,
  TooManyRules: 400,
  TooManyListeners: 400,
  TooManyLoadBalancers: 400,
  TooManyTargetGroups: 400,
  // Organizations (AWS JSON 1.1; botocore's model gives no status, so all are 400, as AWS answers
  // client errors; AccessDeniedException is above)
  AWSOrganizationsNotInUseException: 400,
  AccountNotFoundException: 400,
  CreateAccountStatusNotFoundException: 400,
  ConstraintViolationException: 400,
  InvalidInputException: 400,
  ParentNotFoundException: 400,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof STATUS;

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

export abstract class WireError extends Error {
  abstract readonly code: ErrorCode;
  get fault(): Fault {
    return statusOf(this.code) >= 500 ? 'server' : 'client';
  }
  get status(): number {
    return statusOf(this.code);
  }
  /** Members of the error's wire shape besides `message` (InvalidLayerPartException's
   *  lastValidByteReceived, ...); none unless a subclass says so. */
  fields(): Record<string, unknown> {
    return {};
  }
}

function wireError<C extends ErrorCode>(code: C) {
  const cls = class extends WireError {
    readonly code: C = code;
    constructor(message: string) {
      super(message);
      this.name = code;
    }
  };
  Object.defineProperty(cls, 'name', { value: code });
  return cls;
}

export const SerializationException = wireError('SerializationException');
export const UnknownOperationException = wireError('UnknownOperationException');
export const MissingAuthenticationTokenException = wireError('MissingAuthenticationTokenException');
export const UnrecognizedClientException = wireError('UnrecognizedClientException');
export const InvalidSignatureException = wireError('InvalidSignatureException');
export const IncompleteSignatureException = wireError('IncompleteSignatureException');
export const AccessDeniedException = wireError('AccessDeniedException');
export const RequestEntityTooLargeException = wireError('RequestEntityTooLargeException');

export const InvalidParameterException = wireError('InvalidParameterException');
export const ClientException = wireError('ClientException');
export const ServerException = wireError('ServerException');
export const ClusterNotFoundException = wireError('ClusterNotFoundException');
export const ClusterContainsContainerInstancesException = wireError('ClusterContainsContainerInstancesException');
export const ClusterContainsServicesException = wireError('ClusterContainsServicesException');
export const ClusterContainsTasksException = wireError('ClusterContainsTasksException');
export const ResourceNotFoundException = wireError('ResourceNotFoundException');
export const ResourceInUseException = wireError('ResourceInUseException');
export const LimitExceededException = wireError('LimitExceededException');
export const UpdateInProgressException = wireError('UpdateInProgressException');
export const AttributeLimitExceededException = wireError('AttributeLimitExceededException');
export const TargetNotFoundException = wireError('TargetNotFoundException');
export const ServiceNotFoundException = wireError('ServiceNotFoundException');
export const ServiceNotActiveException = wireError('ServiceNotActiveException');
export const PlatformUnknownException = wireError('PlatformUnknownException');
export const PlatformTaskDefinitionIncompatibilityException = wireError('PlatformTaskDefinitionIncompatibilityException');
export const ConflictException = wireError('ConflictException');
export const ServiceDeploymentNotFoundException = wireError('ServiceDeploymentNotFoundException');

export const ValidationException = wireError('ValidationException');
export const RepositoryNotFoundException = wireError('RepositoryNotFoundException');
export const RepositoryAlreadyExistsException = wireError('RepositoryAlreadyExistsException');
export const RepositoryNotEmptyException = wireError('RepositoryNotEmptyException');
export const ImageTagAlreadyExistsException = wireError('ImageTagAlreadyExistsException');
export const ImageAlreadyExistsException = wireError('ImageAlreadyExistsException');
export const ImageNotFoundException = wireError('ImageNotFoundException');
export const ImageDigestDoesNotMatchException = wireError('ImageDigestDoesNotMatchException');
export const LayersNotFoundException = wireError('LayersNotFoundException');
export const ReferencedImagesNotFoundException = wireError('ReferencedImagesNotFoundException');
export const LayerAlreadyExistsException = wireError('LayerAlreadyExistsException');
export const LayerInaccessibleException = wireError('LayerInaccessibleException');
export const LayerPartTooSmallException = wireError('LayerPartTooSmallException');
export const InvalidLayerException = wireError('InvalidLayerException');
export const InvalidLayerPartException = wireError('InvalidLayerPartException');
export const EmptyUploadException = wireError('EmptyUploadException');
export const UploadNotFoundException = wireError('UploadNotFoundException');
export const InvalidTagParameterException = wireError('InvalidTagParameterException');
export const TooManyTagsException = wireError('TooManyTagsException');
export const LifecyclePolicyNotFoundException = wireError('LifecyclePolicyNotFoundException');
export const LifecyclePolicyPreviewNotFoundException = wireError('LifecyclePolicyPreviewNotFoundException');
export const LifecyclePolicyPreviewInProgressException = wireError('LifecyclePolicyPreviewInProgressException');
export const RepositoryPolicyNotFoundException = wireError('RepositoryPolicyNotFoundException');
export const RegistryPolicyNotFoundException = wireError('RegistryPolicyNotFoundException');
export const ScanNotFoundException = wireError('ScanNotFoundException');
export const UnsupportedImageTypeException = wireError('UnsupportedImageTypeException');
export const KmsException = wireError('KmsException');
export const PullThroughCacheRuleAlreadyExistsException = wireError('PullThroughCacheRuleAlreadyExistsException');
export const PullThroughCacheRuleNotFoundException = wireError('PullThroughCacheRuleNotFoundException');
export const UnsupportedUpstreamRegistryException = wireError('UnsupportedUpstreamRegistryException');

export const ResourceAlreadyExistsException = wireError('ResourceAlreadyExistsException');

export const MissingAuthenticationToken = wireError('MissingAuthenticationToken');
export const InvalidClientTokenId = wireError('InvalidClientTokenId');
export const SignatureDoesNotMatch = wireError('SignatureDoesNotMatch');
export const IncompleteSignature = wireError('IncompleteSignature');
export const InvalidAction = wireError('InvalidAction');
export const InvalidParameterValue = wireError('InvalidParameterValue');
export const MissingParameter = wireError('MissingParameter');
export const MalformedQueryString = wireError('MalformedQueryString');
export const InternalFailure = wireError('InternalFailure');
export const RequestEntityTooLarge = wireError('RequestEntityTooLarge');
export const AccessDenied = wireError('AccessDenied');

// IAM
export const NoSuchEntity = wireError('NoSuchEntity');
export const EntityAlreadyExists = wireError('EntityAlreadyExists');
export const MalformedPolicyDocument = wireError('MalformedPolicyDocument');
export const LimitExceeded = wireError('LimitExceeded');
export const DeleteConflict = wireError('DeleteConflict');
export const InvalidInput = wireError('InvalidInput');
export const UnmodifiableEntity = wireError('UnmodifiableEntity');
export const PolicyNotAttachable = wireError('PolicyNotAttachable');
export const ConcurrentModification = wireError('ConcurrentModification');
export const EntityTemporarilyUnmodifiable = wireError('EntityTemporarilyUnmodifiable');
export const ServiceFailure = wireError('ServiceFailure');

// STS
export const ExpiredToken = wireError('ExpiredToken');
export const ExpiredTokenException = wireError('ExpiredTokenException');
export const RegionDisabledException = wireError('RegionDisabledException');
export const PackedPolicyTooLarge = wireError('PackedPolicyTooLarge');
export const InvalidAuthorizationMessageException = wireError('InvalidAuthorizationMessageException');

// ELBv2
export const ValidationError = wireError('ValidationError');
export const LoadBalancerNotFound = wireError('LoadBalancerNotFound');
export const DuplicateLoadBalancerName = wireError('DuplicateLoadBalancerName');
export const TargetGroupNotFound = wireError('TargetGroupNotFound');
export const DuplicateTargetGroupName = wireError('DuplicateTargetGroupName');
export const ListenerNotFound = wireError('ListenerNotFound');
export const DuplicateListener = wireError('DuplicateListener');
export const RuleNotFound = wireError('RuleNotFound');
export const PriorityInUse = wireError('PriorityInUse');
export const InvalidTarget = wireError('InvalidTarget');
export const ResourceInUse = wireError('ResourceInUse');
export const InvalidConfigurationRequest = wireError('InvalidConfigurationRequest');
export const OperationNotPermitted = wireError('OperationNotPermitted');
export const TooManyTags = wireError('TooManyTags');
export const DuplicateTagKeys = wireError('DuplicateTagKeys');
export const TargetGroupAssociationLimit = wireError('TargetGroupAssociationLimit');
export const IncompatibleProtocols = wireError('IncompatibleProtocols');
export const UnsupportedProtocol = wireError('UnsupportedProtocol');
export const InvalidLoadBalancerAction = wireError('InvalidLoadBalancerAction');
export const TooManyTargets = wireError('TooManyTargets');
export const TooManyActions = wireError('TooManyActions');
export const TooManyRules = wireError('TooManyRules');
export const TooManyListeners = wireError('TooManyListeners');
export const TooManyLoadBalancers = wireError('TooManyLoadBalancers');
export const TooManyTargetGroups = wireError('TooManyTargetGroups');

// Organizations
export const AWSOrganizationsNotInUseException = wireError('AWSOrganizationsNotInUseException');
export const AccountNotFoundException = wireError('AccountNotFoundException');
export const CreateAccountStatusNotFoundException = wireError('CreateAccountStatusNotFoundException');
export const ConstraintViolationException = wireError('ConstraintViolationException');
export const InvalidInputException = wireError('InvalidInputException');
export const ParentNotFoundException = wireError('ParentNotFoundException');
