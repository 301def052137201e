import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Global, Injectable, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { DataSource } from 'typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AccessGuard } from './common/access.guard.js';
import { jsonLogParams } from './common/json-logs.js';
import { ServiceUnavailableFilter, serviceUnavailablePlugin } from './common/service-unavailable.js';
import { formatGraphQLError } from './common/format-graphql-error.js';
import { GRAPHQL_PATH, GraphqlWsServer, gqlContextFactory } from './common/graphql-ws-options.js';
import { mutationLimitPlugin, queryComplexityPlugin, queryDepthRule } from './common/query-limits.plugin.js';
import { API_CONFIG, type ApiConfig } from './config/api-config.js';
import { Clock } from './common/clock.js';
import { ClusterEventsService } from './common/cluster-events.service.js';
import { createDataSource } from './database/database.providers.js';
import { ApiKeyModule } from './modules/api-key/api-key.module.js';
import { AssetModule } from './modules/asset/asset.module.js';
import { AuditLogModule } from './modules/audit/audit-log.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CSRF_PREVENTION_HEADERS, catalogOnlyOverGetPlugin } from './modules/catalog/catalog-get.plugin.js';
import { CatalogModule } from './modules/catalog/catalog.module.js';
import { ComfyGraphModule } from './modules/comfy-graph/comfy-graph.module.js';
import { LedgerModule } from './modules/ledger/ledger.module.js';
import { LoraModule } from './modules/lora/lora.module.js';
import { PreviewJobModule } from './modules/preview-job/preview-job.module.js';
import { PreviewSubjectModule } from './modules/preview-subject/preview-subject.module.js';
import { ReviewModule } from './modules/review/review.module.js';
import { SchemaModule } from './modules/schema/schema.module.js';
import { TemplateModule } from './modules/template/template.module.js';
import { UserModule } from './modules/user/user.module.js';
import { WorkerTokenModule } from './modules/worker-token/worker-token.module.js';
import { WorkerApiDocsModule } from './modules/worker-api-docs/worker-api-docs.module.js';
import { OpsModule } from './modules/ops/ops.module.js';
import { SystemStatusModule } from './modules/system-status/system-status.module.js';
import { RenderModule } from './modules/render/render.module.js';
import { RenderStatsModule } from './modules/render-stats/render-stats.module.js';
import { graphqlErrorCodesPlugin } from './modules/ops/graphql-error-codes.plugin.js';

const FEATURE_MODULES = [ComfyGraphModule, AuthModule, ApiKeyModule, WorkerTokenModule, UserModule, AssetModule, LoraModule, PreviewSubjectModule, CatalogModule, TemplateModule, ReviewModule, PreviewJobModule, SchemaModule, WorkerApiDocsModule, LedgerModule, AuditLogModule, OpsModule, SystemStatusModule, RenderModule, RenderStatsModule];

@Injectable()
class DataSourceCloser implements OnModuleDestroy {
  constructor(private readonly dataSource: DataSource) {}
  async onModuleDestroy(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

// The configuration, the one DataSource, the clock and the cluster's cache invalidations, available everywhere.
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: ApiConfig, clock: Clock = new Clock()): DynamicModule {
    const providers = [
      { provide: API_CONFIG, useValue: config },
      { provide: Clock, useValue: clock },
      { provide: DataSource, useFactory: async () => createDataSource(config.databaseUrl!, { limits: config.database }).initialize() },
    ];
    return { module: CoreModule, providers: [...providers, DataSourceCloser, ClusterEventsService], exports: [...providers.map((p) => p.provide), ClusterEventsService] };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig, clock?: Clock, logDestination?: DestinationStream): DynamicModule {
    const core = CoreModule.forRoot(config, clock);
    return {
      module: AppModule,
      imports: [
        core,
        DiscoveryModule,
        // JSON logs (LOG_FORMAT=json, production's default); Nest's readable lines otherwise.
        ...(config.logs.format === 'json' ? [LoggerModule.forRoot(jsonLogParams(config, logDestination))] : []),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [core],
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => ({
            autoSchemaFile: true,
            sortSchema: true,
            path: GRAPHQL_PATH,
            playground: false,
            introspection: config.graphql.introspection,
            context: gqlContextFactory(dataSource),
            formatError: formatGraphQLError,
            validationRules: [queryDepthRule(config.graphql.maxDepth)],
            // Apollo's cache hints are not used (catalog GETs get their Cache-Control from
            // CatalogReadMiddleware), so Apollo need not wrap every resolver to compute them.
            plugins: [mutationLimitPlugin(config.graphql.maxMutationsPerOperation), queryComplexityPlugin(config.graphql.maxComplexity), catalogOnlyOverGetPlugin(), ApolloServerPluginCacheControlDisabled(), serviceUnavailablePlugin(), graphqlErrorCodesPlugin()],
            // Consumer apps read the catalog with GET (automatic persisted queries, cacheable by a
            // CDN); their x-api-key header is enough to pass the CSRF check GETs get.
            csrfPrevention: { requestHeaders: CSRF_PREVENTION_HEADERS },
            // Subscriptions (graphql-ws on the same path, credentials in connectionParams) are served by
            // GraphqlWsServer below: this module's `subscriptions` option cannot limit the message size.
          }),
        }),
        ...FEATURE_MODULES,
      ],
      providers: [{ provide: APP_GUARD, useClass: AccessGuard }, { provide: APP_FILTER, useClass: ServiceUnavailableFilter }, GraphqlWsServer],
    };
  }
}
