import type { FormObject } from "./form-encoding";

export interface ApiRequest {
  method: string;
  path: string;
  params: FormObject;
  pathParams: Record<string, string>;
  /** The request carried a publishable key (`pk_…`), as Stripe.js sends. */
  publishableKey: boolean;
}

export type ApiHandler = (request: ApiRequest) => object;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: ApiHandler;
  /** Stripe.js may call it with a publishable key; every other route needs a secret key. */
  publishable: boolean;
}

/** Matches `/v1/customers/:id` style paths; literal routes registered first win. */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, path: string, handler: ApiHandler, options: { publishable?: boolean } = {}): void {
    const names: string[] = [];
    const source = path.replace(/:(\w+)/g, (_match, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    this.routes.push({
      method,
      pattern: new RegExp(`^${source}$`),
      names,
      handler,
      publishable: options.publishable ?? false,
    });
  }

  match(
    method: string,
    path: string,
  ): { handler: ApiHandler; pathParams: Record<string, string>; publishable: boolean } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(path);
      if (!match) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, index) => {
        pathParams[name] = decodeURIComponent(match[index + 1] ?? "");
      });
      return { handler: route.handler, pathParams, publishable: route.publishable };
    }
    return undefined;
  }
}
