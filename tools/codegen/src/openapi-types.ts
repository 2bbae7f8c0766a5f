import { pathToFileURL } from "node:url";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import ts from "typescript";

/**
 * Why a post-transform: a response enum that the API may extend is written in the spec as
 * `anyOf: [{enum: [...known]}, {type: string}]` (every string validates, the known values stay documented).
 * openapi-typescript turns that into `("a" | "b") | string`, which TypeScript collapses to `string`, so editors
 * stop offering the known values. openapi-typescript has no open-enum output, so this hook rewrites exactly that
 * union shape into `"a" | "b" | (string & {})`: still every string, but the literals survive for completion.
 */
export function openEnumUnion(node: ts.TypeNode): ts.TypeNode | undefined {
  if (!ts.isUnionTypeNode(node)) return undefined;
  const members = node.types.flatMap(flatten);
  const hasString = members.some((m) => m.kind === ts.SyntaxKind.StringKeyword);
  const literals = members.filter(isStringLiteral);
  if (!hasString || literals.length === 0) return undefined;
  const rest = members.filter((m) => m.kind !== ts.SyntaxKind.StringKeyword && !isStringLiteral(m));
  const openString = ts.factory.createParenthesizedType(
    ts.factory.createIntersectionTypeNode([
      ts.factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
      ts.factory.createTypeLiteralNode([]),
    ]),
  );
  return ts.factory.createUnionTypeNode([...literals, openString, ...rest]);
}

function flatten(node: ts.TypeNode): ts.TypeNode[] {
  if (ts.isParenthesizedTypeNode(node)) return flatten(node.type);
  if (ts.isUnionTypeNode(node)) return node.types.flatMap(flatten);
  return [node];
}

// openapi-typescript prints enum members as identifiers whose text is the quoted value.
function isStringLiteral(node: ts.Node): boolean {
  if (ts.isLiteralTypeNode(node)) return ts.isStringLiteral(node.literal);
  return ts.isIdentifier(node) && node.text.startsWith('"');
}

/**
 * Renders `openapi.ts` of `@avala/types`: openapi-typescript's output (root types without the `Schema` prefix,
 * as the CLI's `--root-types --root-types-no-schema-prefix` would give) with open response enums.
 */
export async function renderOpenApiTypes(specFile: string): Promise<string> {
  const ast = await openapiTS(pathToFileURL(specFile), {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
    silent: true,
    postTransform: (type) => openEnumUnion(type),
  });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}
