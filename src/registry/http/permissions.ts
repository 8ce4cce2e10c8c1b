// What each /v2/ request needs to be authorized, as ECR actions on repository ARNs, grouped by
// repository (each group is decided with that repository's policy). Pure: a table over the
// parsed route, the method and the query. A blob mount needs the source repository's read too.
import type { Requirement } from '../../identity/authorize/index.js';
import type { Route } from './routes.js';

export interface RepositoryNeeds {
  /** The repository's name, or `*` for the whole registry (the catalog). */
  repository: string;
  actions: string[];
}

const MANIFEST: Record<string, string> = { GET: 'ecr:BatchGetImage', HEAD: 'ecr:BatchGetImage', PUT: 'ecr:PutImage', DELETE: 'ecr:BatchDeleteImage' };
const BLOB: Record<string, string> = { GET: 'ecr:GetDownloadUrlForLayer', HEAD: 'ecr:BatchCheckLayerAvailability', DELETE: 'ecr:BatchDeleteImage' };
const UPLOAD: Record<string, string> = { GET: 'ecr:UploadLayerPart', PATCH: 'ecr:UploadLayerPart', PUT: 'ecr:CompleteLayerUpload', DELETE: 'ecr:UploadLayerPart' };

function one(repository: string, action: string | undefined): RepositoryNeeds[] {
  if (!action) throw new Error(`no registry permission for this method on ${repository}`);
  return [{ repository, actions: [action] }];
}

/** The needs of a request: empty for the base endpoint, which a valid login alone answers. */
export function registryNeeds(route: Route, method: string, query: URLSearchParams): RepositoryNeeds[] {
  switch (route.kind) {
    case 'base':
      return [];
    case 'catalog':
      return one('*', 'ecr:DescribeRepositories');
    case 'tags':
    case 'referrers':
      return one(route.name, 'ecr:ListImages');
    case 'manifest':
      return one(route.name, MANIFEST[method]);
    case 'blob':
      return one(route.name, BLOB[method]);
    case 'upload':
      return one(route.name, UPLOAD[method]);
    case 'uploads': {
      // A POST with a digest is a whole upload in one request.
      const actions = query.get('digest') !== null
        ? ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload']
        : ['ecr:InitiateLayerUpload'];
      const needs: RepositoryNeeds[] = [{ repository: route.name, actions }];
      const from = query.get('from');
      if (query.get('mount') !== null && from) needs.push({ repository: from, actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] });
      return needs;
    }
  }
}

/** The evaluator's requirements of one group, on `arnOf(repository)`. */
export function requirementsOf(needs: RepositoryNeeds, arnOf: (name: string) => string): Requirement[] {
  return needs.actions.map((action) => ({ action, resources: [arnOf(needs.repository)] }));
}
