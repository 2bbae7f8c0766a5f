/**
 * One operation as the resource methods and `invoke` call it: method, path template, how the inputs after the
 * path parameters are taken (0 none, 1 query, 2 body, 3 query and body side by side), whether it returns a
 * cursor page, and (kind 3) which params are query parameters. Generated from the spec.
 */
export type OperationSpec = readonly [
  method: string,
  path: string,
  kind: 0 | 1 | 2 | 3,
  paginated: 0 | 1,
  query?: readonly string[],
];
