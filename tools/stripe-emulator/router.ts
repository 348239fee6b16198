import type { FormObject } from "./form-encoding";

export interface ApiRequest {
  method: string;
  path: string;
  params: FormObject;
  pathParams: Record<string, string>;
}

export type ApiHandler = (request: ApiRequest) => object;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: ApiHandler;
}

/** Matches `/v1/customers/:id` style paths; literal routes registered first win. */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, path: string, handler: ApiHandler): void {
    const names: string[] = [];
    const source = path.replace(/:(\w+)/g, (_match, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
  }

  match(method: string, path: string): { handler: ApiHandler; pathParams: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(path);
      if (!match) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, index) => {
        pathParams[name] = decodeURIComponent(match[index + 1] ?? "");
      });
      return { handler: route.handler, pathParams };
    }
    return undefined;
  }
}
