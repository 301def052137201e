import { Controller, Get, Header } from '@nestjs/common';
import { templateSpecJsonSchema } from '@atelier/template-spec';
import { Public } from '../../common/access.decorator.js';

@Controller()
export class SchemaController {
  private readonly templateSpecSchema = templateSpecJsonSchema();

  @Get('schemas/template-spec.v1.json')
  @Public()
  @Header('Content-Type', 'application/schema+json')
  @Header('Cache-Control', 'public, max-age=300')
  templateSpec(): unknown {
    return this.templateSpecSchema;
  }
}
