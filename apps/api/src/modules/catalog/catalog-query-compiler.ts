import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { specifiedRules, validate, type DocumentNode, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { stringifyWithKnownJson } from '../../common/known-json.js';
import { measureQueryComplexity, queryDepthRule } from '../../common/query-limits.plugin.js';
import type { GqlContext } from '../../common/request-context.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';

const MAX_PLANS = 200;
const MAX_COSTS_PER_PLAN = 100;

// Nest gives every @Field a resolver that only reads the property of the same name (or the field's
// defaultValue, for a field that declares one). graphql-jit reads a field without a resolver inline;
// with one, it calls it with a fresh GraphQLResolveInfo for every field of every row.
function readsPropertyOnly(resolve: GraphQLFieldResolver<unknown, unknown> | undefined): boolean {
  if (resolve?.name !== 'rootFieldResolver') return false;
  try {
    return resolve({}, {}, undefined, undefined as never) === undefined;
  } catch {
    return false;
  }
}

// The schema with those resolvers left out, for the plans: the same answers, read inline.
function withPropertyReadsInline(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field) => (readsPropertyOnly(field.resolve) ? { ...field, resolve: undefined } : field),
  });
}

export interface CatalogQueryPlan {
  readonly compiled: CompiledQuery;
  readonly document: DocumentNode;
  readonly operationName: string | null;
  // Variables (as JSON) -> whether the query stays within GRAPHQL_MAX_COMPLEXITY with them.
  readonly withinLimit: Map<string, boolean>;
}

// The catalog queries consumer apps send all day, compiled once into plain JavaScript
// (graphql-jit) and run without Apollo's request pipeline: the same schema, resolvers (so the
// access guard too) and scalars, and the same bytes out, for a fraction of graphql-js's cost per
// field. A plan exists only for a query that passes what Apollo checks: the standard validation
// rules and the depth limit (NoIntrospection, which Apollo adds in production, cannot apply: these
// queries select catalog fields only); the complexity limit is checked per set of variables.
// Anything that does not pass, or any answer with an error, is left to Apollo, which words it.
@Injectable()
export class CatalogQueryCompiler {
  private readonly plans = new Map<string, CatalogQueryPlan | null>();
  private planSchema: { of: GraphQLSchema; inline: GraphQLSchema } | null = null;

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  // The schema Apollo serves (GraphQLModule, which this module cannot import, builds it at start-up).
  private get schema(): GraphQLSchema {
    return this.moduleRef.get(GraphQLSchemaHost, { strict: false }).schema;
  }

  // The plan for a parsed catalog query, or null when it does not validate.
  planFor(query: string, operationName: string | null, document: DocumentNode): CatalogQueryPlan | null {
    const key = `${operationName ?? ''}\u0000${query}`;
    let plan = this.plans.get(key);
    if (plan === undefined) {
      plan = this.compile(document, operationName);
      if (this.plans.size >= MAX_PLANS) this.plans.clear();
      this.plans.set(key, plan);
    }
    return plan;
  }

  // The answer as Apollo writes it (JSON and a newline), or null when it would be an error or is
  // over the complexity limit: Apollo then runs the request and answers it.
  async run(plan: CatalogQueryPlan, variables: Record<string, unknown> | null, context: GqlContext): Promise<string | null> {
    if (!this.isWithinLimit(plan, variables)) return null;
    const result = await plan.compiled.query(undefined, context, variables ?? {});
    if (result.errors?.length || !result.data) return null;
    // Apollo writes `errors`, `data`, `extensions` in that order, each only when present. Specs
    // are written from their text (PublishedSpecCache): the same bytes as JSON.stringify.
    return `${stringifyWithKnownJson({ data: result.data })}\n`;
  }

  private compile(document: DocumentNode, operationName: string | null): CatalogQueryPlan | null {
    const { schema } = this;
    if (validate(schema, document, [...specifiedRules, queryDepthRule(this.config.graphql.maxDepth)]).length) return null;
    if (this.planSchema?.of !== schema) this.planSchema = { of: schema, inline: withPropertyReadsInline(schema) };
    const compiled = compileQuery(this.planSchema.inline, document, operationName ?? undefined);
    if (!isCompiledQuery(compiled)) return null;
    return { compiled, document, operationName, withinLimit: new Map() };
  }

  private isWithinLimit(plan: CatalogQueryPlan, variables: Record<string, unknown> | null): boolean {
    const key = JSON.stringify(variables);
    let within = plan.withinLimit.get(key);
    if (within === undefined) {
      try {
        within = measureQueryComplexity({ schema: this.schema, document: plan.document, operationName: plan.operationName, variables }) <= this.config.graphql.maxComplexity;
      } catch {
        within = false; // variables that do not fit the query: Apollo says how
      }
      if (plan.withinLimit.size >= MAX_COSTS_PER_PLAN) plan.withinLimit.clear();
      plan.withinLimit.set(key, within);
    }
    return within;
  }
}
