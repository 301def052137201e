import { Module } from '@nestjs/common';
import { AssetModule } from '../asset/asset.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { PreviewJobModule } from '../preview-job/preview-job.module.js';
import { RenderSettlementService } from './render-settlement.service.js';
import { RenderResolver } from './render.resolver.js';
import { RenderService } from './render.service.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';

@Module({
  imports: [AssetModule, LedgerModule, PreviewJobModule],
  providers: [RenderService, RenderSettlementService, WebhookDeliveryService, RenderResolver],
  exports: [RenderService, RenderSettlementService, WebhookDeliveryService],
})
export class RenderModule {}
