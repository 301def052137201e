import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../../common/access.decorator.js';
import { renderWorkerApiDocsHtml } from './worker-api-docs.html.js';
import { buildWorkerOpenApi, type OpenApiDocument } from './worker-openapi.js';

// The worker protocol's documentation, public so a GPU box can be set up from it.
@Controller('v1')
export class WorkerApiDocsController {
  private readonly document = buildWorkerOpenApi();
  private readonly page = renderWorkerApiDocsHtml(this.document);

  @Get('openapi.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  openApiDocument(): OpenApiDocument {
    return this.document;
  }

  @Get('docs')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  // A static page: nothing to run, nothing to fetch from elsewhere.
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
  docsPage(): string {
    return this.page;
  }
}
