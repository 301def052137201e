import { Controller, Get, Header } from '@nestjs/common';
import { renderRecipeJsonSchema } from '@atelier/comfy-compile';
import { templateSpecJsonSchema } from '@atelier/template-spec';
import { Public } from '../../common/access.decorator.js';

@Controller()
export class SchemaController {
  private readonly templateSpecSchema = templateSpecJsonSchema();
  private readonly renderRecipeSchema = renderRecipeJsonSchema();

  @Get('schemas/template-spec.v1.json')
  @Public()
  @Header('Content-Type', 'application/schema+json')
  @Header('Cache-Control', 'public, max-age=300')
  templateSpec(): unknown {
    return this.templateSpecSchema;
  }

  // What CatalogVersion.recipe answers, for apps outside TypeScript.
  @Get('schemas/render-recipe.v1.json')
  @Public()
  @Header('Content-Type', 'application/schema+json')
  @Header('Cache-Control', 'public, max-age=300')
  renderRecipe(): unknown {
    return this.renderRecipeSchema;
  }
}
