// What the ECR operations need beyond the Context: where the registry answers, for
// repositoryUri and proxyEndpoint (HOST:PORT).
export interface EcrEnv {
  registryHost(): string;
}
