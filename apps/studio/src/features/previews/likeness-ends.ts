import type { LikenessEnd } from '../../gql/graphql';

/**
 * The likeness ends a studio batch asks for: both when the spec's max is above its default (reviewers
 * see each face at both ends of "more like me"), else the default alone.
 */
export function likenessEndsFor(likeness: { default: number; max: number } | null | undefined): LikenessEnd[] {
  return likeness && likeness.max > likeness.default ? ['DEFAULT', 'MAX'] : ['DEFAULT'];
}
