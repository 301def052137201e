import { CreateInitialSchema1764086400000 } from './1764086400000-CreateInitialSchema.js';
import { CreateWorkerTokens1764090000000 } from './1764090000000-CreateWorkerTokens.js';
import { CreatePreviewJobs1764093600000 } from './1764093600000-CreatePreviewJobs.js';
import { NotifyPreviewJobChanges1764097200000 } from './1764097200000-NotifyPreviewJobChanges.js';
import { TrackPrivacyPurges1764100800000 } from './1764100800000-TrackPrivacyPurges.js';
import { SnapshotPreviewSpecs1764104400000 } from './1764104400000-SnapshotPreviewSpecs.js';
import { CreateRevenueLedger1764108000000 } from './1764108000000-CreateRevenueLedger.js';
import { AddVersionCovers1764111600000 } from './1764111600000-AddVersionCovers.js';
import { RememberUserLocale1764115200000 } from './1764115200000-RememberUserLocale.js';
import { AddLoraThumbnails1764118800000 } from './1764118800000-AddLoraThumbnails.js';
import { AddUserTokenVersion1765000000000 } from './1765000000000-AddUserTokenVersion.js';
import { CheckUploadsOutsideTransactions1765003600000 } from './1765003600000-CheckUploadsOutsideTransactions.js';
import { IndexPreviewQuota1765007200000 } from './1765007200000-IndexPreviewQuota.js';
import { AddSubjectIdentityPerBaseModel1765014400000 } from './1765014400000-AddSubjectIdentityPerBaseModel.js';
import { AddSubjectReferencePhotos1765018000000 } from './1765018000000-AddSubjectReferencePhotos.js';
import { TrackSubjectRenderRevision1765021600000 } from './1765021600000-TrackSubjectRenderRevision.js';
import { AddPasswordLinks1765025200000 } from './1765025200000-AddPasswordLinks.js';
import { IndexAuditLogFilters1765027800000 } from './1765027800000-IndexAuditLogFilters.js';
import { AddLoraDescriptionAndDeprecation1765031400000 } from './1765031400000-AddLoraDescriptionAndDeprecation.js';
import { FreezeVersionMetadataAndCategories1765035000000 } from './1765035000000-FreezeVersionMetadataAndCategories.js';
import { KeepAssetRejectionReasons1765038600000 } from './1765038600000-KeepAssetRejectionReasons.js';
import { AddApiKeyRateLimits1765045800000 } from './1765045800000-AddApiKeyRateLimits.js';
import { KeepSystemFigures1765049400000 } from './1765049400000-KeepSystemFigures.js';
import { RecordWorkerBoxProblems1765053000000 } from './1765053000000-RecordWorkerBoxProblems.js';
import { AddIdentityLoraTriggerWords1765060200000 } from './1765060200000-AddIdentityLoraTriggerWords.js';
import { AddPreviewJobLikeness1765063800000 } from './1765063800000-AddPreviewJobLikeness.js';

import { RecordBoxCapabilities1765067400000 } from './1765067400000-RecordBoxCapabilities.js';
import { AddAppIdentities1765071000000 } from './1765071000000-AddAppIdentities.js';
import { AddConsumerRenders1765078200000 } from './1765078200000-AddConsumerRenders.js';

// Every migration, in order. The API runs them at start-up; tests run them once per suite.
export const ALL_MIGRATIONS = [CreateInitialSchema1764086400000, CreateWorkerTokens1764090000000, CreatePreviewJobs1764093600000, NotifyPreviewJobChanges1764097200000, TrackPrivacyPurges1764100800000, SnapshotPreviewSpecs1764104400000, CreateRevenueLedger1764108000000, AddVersionCovers1764111600000, RememberUserLocale1764115200000, AddLoraThumbnails1764118800000, AddUserTokenVersion1765000000000, CheckUploadsOutsideTransactions1765003600000, IndexPreviewQuota1765007200000, AddSubjectIdentityPerBaseModel1765014400000, AddSubjectReferencePhotos1765018000000, TrackSubjectRenderRevision1765021600000, AddPasswordLinks1765025200000, IndexAuditLogFilters1765027800000, AddLoraDescriptionAndDeprecation1765031400000, FreezeVersionMetadataAndCategories1765035000000, KeepAssetRejectionReasons1765038600000, AddApiKeyRateLimits1765045800000, KeepSystemFigures1765049400000, RecordWorkerBoxProblems1765053000000, AddIdentityLoraTriggerWords1765060200000, AddPreviewJobLikeness1765063800000, RecordBoxCapabilities1765067400000, AddAppIdentities1765071000000, AddConsumerRenders1765078200000];
