import { Global, Module } from '@nestjs/common';
import { ComfyGraphService } from './comfy-graph.service.js';

@Global()
@Module({ providers: [ComfyGraphService], exports: [ComfyGraphService] })
export class ComfyGraphModule {}
