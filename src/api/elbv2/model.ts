// ELBv2 as Wharf keeps it: the records of load balancers, target groups, listeners, rules and
// registered targets, their Store kinds and keys, and the change topics. This file is the
// contract between the ELBv2 API (src/api/elbv2), the load balancer data plane (src/lb) and the
// service controller (src/control/service). Timestamps are epoch ms. Pure.

/** Store kinds. Keys: load balancers and target groups by name; listeners `<lb id>/<listener id>`;
 *  rules `<listener id>/<rule id>`; targets `<target group id>/<target id>/<port>`. */
export const LOAD_BALANCERS = 'elbv2/loadBalancers';
export const TARGET_GROUPS = 'elbv2/targetGroups';
export const LISTENERS = 'elbv2/listeners';
export const RULES = 'elbv2/rules';
export const TARGETS = 'elbv2/targets';

/** Published (key: load balancer ARN) after a load balancer, listener or rule is created, changed or deleted. */
export const LB_CONFIG_TOPIC = 'elbv2/config';
/** Published (key: target group ARN) after a target group's settings or its targets change
 *  (registered, deregistered, drained and removed). */
export const TARGETS_TOPIC = 'elbv2/targets';
/** Published (key: target group ARN) by the data plane when a target's health state changes. */
export const TARGET_HEALTH_TOPIC = 'elbv2/target-health';

export type LoadBalancerType = 'application' | 'network';

export interface LoadBalancerRecord {
  arn: string;
  /** The 16 hex digits at the end of the ARN. */
  id: string;
  name: string;
  type: LoadBalancerType;
  scheme: 'internet-facing' | 'internal';
  ipAddressType: 'ipv4' | 'dualstack';
  dnsName: string;
  state: 'provisioning' | 'active' | 'active_impaired' | 'failed';
  vpcId: string;
  subnets: string[];
  securityGroups: string[];
  attributes: Record<string, string>;
  createdAt: number;
}

export type TargetGroupProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'TLS' | 'UDP' | 'TCP_UDP';

export interface HealthCheck {
  enabled: boolean;
  protocol: 'HTTP' | 'HTTPS' | 'TCP';
  /** 'traffic-port' or a port number as a string. */
  port: string;
  /** HTTP(S) only. */
  path?: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThresholdCount: number;
  unhealthyThresholdCount: number;
  /** HTTP(S) only: codes like "200", "200,202" or "200-299". */
  matcher?: { httpCode: string };
}

export interface TargetGroupRecord {
  arn: string;
  id: string;
  name: string;
  protocol: TargetGroupProtocol;
  port: number;
  targetType: 'instance' | 'ip';
  vpcId: string;
  /** HTTP/HTTPS groups: "HTTP1" (default), "HTTP2" or "GRPC", as given. */
  protocolVersion?: string;
  healthCheck: HealthCheck;
  /** deregistration_delay.timeout_seconds (default "300"), load_balancing.algorithm.type
   *  ("round_robin" | "least_outstanding_requests"), ... as strings, as ELB answers them. */
  attributes: Record<string, string>;
  createdAt: number;
}

export interface WeightedTargetGroup {
  targetGroupArn: string;
  weight: number;
}

export interface Action {
  type: 'forward' | 'fixed-response' | 'redirect';
  order?: number;
  /** forward: either targetGroupArn or forwardConfig (weighted). */
  targetGroupArn?: string;
  forwardConfig?: { targetGroups: WeightedTargetGroup[]; stickiness?: { enabled: boolean; durationSeconds?: number } };
  fixedResponseConfig?: { statusCode: string; contentType?: string; messageBody?: string };
  redirectConfig?: { protocol?: string; port?: string; host?: string; path?: string; query?: string; statusCode: string };
}

export interface ListenerRecord {
  arn: string;
  id: string;
  loadBalancerArn: string;
  port: number;
  protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'TLS' | 'UDP' | 'TCP_UDP';
  defaultActions: Action[];
  createdAt: number;
  /** HTTPS/TLS: certificate ARNs and the security policy, stored and echoed. */
  certificates?: string[];
  sslPolicy?: string;
  alpnPolicy?: string[];
}

export interface Condition {
  field: 'path-pattern' | 'host-header' | 'http-header' | 'http-request-method' | 'query-string' | 'source-ip';
  values: string[];
  /** http-header: the header's name. */
  httpHeaderName?: string;
  /** query-string: the key/value pairs (values then holds the `value`s). */
  queryStrings?: { key?: string; value: string }[];
}

export interface RuleRecord {
  arn: string;
  id: string;
  listenerArn: string;
  /** 1..50000; the default rule is not stored (it is the listener's defaultActions). */
  priority: number;
  conditions: Condition[];
  actions: Action[];
}

export interface TargetRecord {
  targetGroupArn: string;
  /** An EC2 instance id (`i-...`, `mi-...`: a container instance's ec2InstanceId) or an IP address. */
  id: string;
  port: number;
  availabilityZone?: string;
  registeredAt: number;
  /** 'draining' after DeregisterTargets, until in-flight requests finish or the delay passes;
   *  then the record is deleted. */
  state: 'registered' | 'draining';
  drainingSince?: number;
}

export function targetKey(targetGroupId: string, id: string, port: number): string {
  return `${targetGroupId}/${id}/${port}`;
}

/** DescribeTargetHealth's TargetHealth. */
export type TargetHealthState = 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable';

export interface TargetHealth {
  state: TargetHealthState;
  /** ELB's reason code, e.g. Elb.RegistrationInProgress, Target.ResponseCodeMismatch, Target.Timeout,
   *  Target.FailedHealthChecks, Target.NotInUse, Target.DeregistrationInProgress. */
  reason?: string;
  description?: string;
}

/** What the API and the service controller ask of the load balancer data plane. */
export interface LoadBalancerDataPlane {
  /** The active health check's view of a registered target; undefined when not checked
   *  (the target group is not used by any listener, or the target is new). */
  health(targetGroupArn: string, target: { id: string; port: number }): TargetHealth | undefined;
  /** Why the data plane could not listen on this port (e.g. in use by another program); undefined when it can. */
  checkPort(port: number, protocol: ListenerRecord['protocol']): Promise<string | undefined>;
}
