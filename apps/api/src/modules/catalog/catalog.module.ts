import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ApiKeyModule } from '../api-key/api-key.module.js';
import { AssetModule } from '../asset/asset.module.js';
import { CatalogQueryCompiler } from './catalog-query-compiler.js';
import { CatalogReadMiddleware } from './catalog-read.middleware.js';
import { CatalogResolver, CatalogVersionResolver } from './catalog.resolver.js';
import { CatalogService } from './catalog.service.js';

@Module({
  imports: [ApiKeyModule, AssetModule],
  providers: [CatalogService, CatalogResolver, CatalogVersionResolver, CatalogQueryCompiler, CatalogReadMiddleware],
  exports: [CatalogService],
})
export class CatalogModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CatalogReadMiddleware).forRoutes({ path: 'graphql', method: RequestMethod.POST }, { path: 'graphql', method: RequestMethod.GET });
  }
}
