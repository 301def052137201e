import { Module } from '@nestjs/common';
import { WorkerApiDocsController } from './worker-api-docs.controller.js';

@Module({
  controllers: [WorkerApiDocsController],
})
export class WorkerApiDocsModule {}
