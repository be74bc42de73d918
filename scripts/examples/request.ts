import type { LocatedString, Value } from './value.js';

/** The HTTP request an example code block makes, as far as it can be read statically. */
export interface ExampleRequest {
  client: 'curl' | 'fetch' | 'python-requests' | 'http' | 'convex-client';
  /** Where the request starts in the code block (the `curl` word, the `fetch` call, ...). */
  offset: number;
  /** The method as written (`-X POST`, `method: "POST"`), if it is. */
  method?: { value: string; offset: number };
  /** A method is given but is not a literal (`requests.request(method, url)`): never reported. */
  methodUnknown?: boolean;
  /** The method the client sends when none is written (curl: POST with a body, else GET). */
  impliedMethod: string;
  /**
   * The URL, with statically unknown parts written as `${name}` (a shell/JS variable, a Python
   * f-string field). Undefined when the whole URL is unknown.
   */
  url?: { value: string; offset: number };
  headers: ExampleHeader[];
  /** Some headers come from somewhere the check cannot read (a variable, a session, a config file). */
  headersUnknown?: boolean;
  body?: ExampleBody;
  /** A Convex client's call (`client.query(...)`): the kind of function it runs, which must be the function's. */
  functionKind?: { value: 'query' | 'mutation' | 'action'; offset: number; call: string };
}

export interface ExampleHeader {
  name: string;
  /** Unknown parts as `${name}`; undefined when the whole value is unknown. */
  value?: string;
  offset: number;
}

export type ExampleBody =
  /** Text the client sends as is (curl -d, a JS string, raw HTTP): must be JSON for a JSON operation. */
  | { kind: 'text'; text: LocatedString }
  /** A structure the client serialises to JSON (JSON.stringify(...), requests' json=...). */
  | { kind: 'value'; value: Value }
  /**
   * Form fields (curl -F/--form, -d a=b as application/x-www-form-urlencoded, requests' files=/data=
   * with a dict): field names are checked against the operation's multipart or form schema.
   * open: some fields are not known (a variable, a file of fields).
   */
  | { kind: 'form'; encoding: 'multipart/form-data' | 'application/x-www-form-urlencoded'; offset: number; fields: FormField[]; open?: boolean; via: string }
  /** Comes from somewhere the check cannot read (a file, a variable): not validated. */
  | { kind: 'unknown'; offset: number; why: string };

export interface FormField {
  name: string;
  offset: number;
  /** A file upload (`-F file=@x.pdf`, requests' files=). */
  file?: boolean;
}

export const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];
