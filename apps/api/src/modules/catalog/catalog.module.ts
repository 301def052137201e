import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiKeyModule } from '../api-key/api-key.module.js';
import { AssetModule } from '../asset/asset.module.js';
import { CatalogQueryCompiler } from './catalog-query-compiler.js';
import { CatalogReadMiddleware } from './catalog-read.middleware.js';
import { CatalogResolver, CatalogVersionResolver } from './catalog.resolver.js';
import { CatalogService } from './catalog.service.js';
import { RenderRecipeService } from './render-recipe.service.js';

@Module({
  imports: [ApiKeyModule, AssetModule],
  providers: [CatalogService, CatalogResolver, CatalogVersionResolver, CatalogQueryCompiler, CatalogReadMiddleware, RenderRecipeService],
  exports: [CatalogService],
})
export class CatalogModule implements NestModule {
  constructor(private readonly catalogRead: CatalogReadMiddleware) {}

  configure(consumer: MiddlewareConsumer): void {
    // The provider itself (not an instance of the middleware's own), which the catalog lane runs too.
    const catalogRead = (req: Request, res: Response, next: NextFunction) => this.catalogRead.use(req, res, next);
    consumer.apply(catalogRead).forRoutes({ path: 'graphql', method: RequestMethod.POST }, { path: 'graphql', method: RequestMethod.GET });
  }
}
