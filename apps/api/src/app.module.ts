import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Global, Injectable, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import depthLimit from 'graphql-depth-limit';
import { DataSource } from 'typeorm';
import { AccessGuard } from './common/access.guard.js';
import { formatGraphQLError } from './common/format-graphql-error.js';
import { createLoaders } from './common/loaders.js';
import { queryComplexityPlugin } from './common/query-limits.plugin.js';
import type { AtelierRequest, GqlContext } from './common/request-context.js';
import { API_CONFIG, type ApiConfig } from './config/api-config.js';
import { createDataSource } from './database/database.providers.js';
import { ApiKeyResolver } from './modules/api-key/api-key.resolver.js';
import { ApiKeyService } from './modules/api-key/api-key.service.js';
import { AssetResolver } from './modules/asset/asset.resolver.js';
import { AssetService } from './modules/asset/asset.service.js';
import { StorageService } from './modules/asset/storage.service.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AuthService } from './modules/auth/auth.service.js';
import { CatalogResolver } from './modules/catalog/catalog.resolver.js';
import { CatalogService } from './modules/catalog/catalog.service.js';
import { LoraResolver } from './modules/lora/lora.resolver.js';
import { LoraService } from './modules/lora/lora.service.js';
import { PreviewSubjectResolver } from './modules/preview-subject/preview-subject.resolver.js';
import { PreviewSubjectService } from './modules/preview-subject/preview-subject.service.js';
import { ReviewResolver } from './modules/review/review.resolver.js';
import { ReviewService } from './modules/review/review.service.js';
import { SchemaController } from './modules/schema/schema.controller.js';
import { TemplateRepository } from './modules/template/template.repository.js';
import { TemplateResolver, TemplateVersionResolver } from './modules/template/template.resolver.js';
import { TemplateService } from './modules/template/template.service.js';
import { UserResolver } from './modules/user/user.resolver.js';
import { UserService } from './modules/user/user.service.js';

const SERVICES = [AuditService, AuthService, UserService, ApiKeyService, StorageService, AssetService, LoraService, PreviewSubjectService, TemplateRepository, TemplateService, ReviewService, CatalogService];
const RESOLVERS = [UserResolver, ApiKeyResolver, AssetResolver, LoraResolver, PreviewSubjectResolver, TemplateResolver, TemplateVersionResolver, ReviewResolver, CatalogResolver];

@Injectable()
class DataSourceCloser implements OnModuleDestroy {
  constructor(private readonly dataSource: DataSource) {}
  async onModuleDestroy(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

// The configuration and the one DataSource, available everywhere.
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: ApiConfig): DynamicModule {
    const providers = [
      { provide: API_CONFIG, useValue: config },
      { provide: DataSource, useFactory: async () => createDataSource(config.databaseUrl!).initialize() },
    ];
    return { module: CoreModule, providers: [...providers, DataSourceCloser], exports: providers.map((p) => p.provide) };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    const core = CoreModule.forRoot(config);
    return {
      module: AppModule,
      imports: [
        core,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [core],
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => ({
            autoSchemaFile: true,
            sortSchema: true,
            path: '/graphql',
            playground: false,
            introspection: true,
            context: ({ req }: { req: AtelierRequest }): GqlContext => ({ req, loaders: createLoaders(dataSource) }),
            formatError: formatGraphQLError,
            validationRules: [depthLimit(config.graphql.maxDepth)],
            plugins: [queryComplexityPlugin(config.graphql.maxComplexity)],
          }),
        }),
      ],
      controllers: [SchemaController],
      providers: [
        ...SERVICES,
        ...RESOLVERS,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
    };
  }
}
