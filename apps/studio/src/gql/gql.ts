/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {\n    changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      csrfToken\n      expiresAt\n      user {\n        ...SessionUserFields\n      }\n    }\n  }\n  \n": typeof types.ChangeMyPasswordDocument,
    "\n  mutation SignOutEverywhere {\n    signOutEverywhere {\n      csrfToken\n      expiresAt\n      user {\n        ...SessionUserFields\n      }\n    }\n  }\n  \n": typeof types.SignOutEverywhereDocument,
    "\n  query RevenueOverview($currency: String) {\n    revenueOverview(currency: $currency) {\n      currency\n      platformRevenueMinor\n      paidOutMinor\n      apps {\n        appId\n        appName\n        uses\n        grossMinor\n        refundedMinor\n        receivableMinor\n      }\n      designers {\n        designerId\n        displayName\n        earnedMinor\n        paidMinor\n        unpaidMinor\n      }\n    }\n  }\n": typeof types.RevenueOverviewDocument,
    "\n  query AdminUsers($first: Int, $after: String, $filter: UserFilterInput) {\n    users(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          email\n          displayName\n          roles\n          createdAt\n          disabled\n          status\n        }\n      }\n    }\n  }\n": typeof types.AdminUsersDocument,
    "\n  mutation SetUserDisabled($userId: ID!, $disabled: Boolean!) {\n    setUserDisabled(userId: $userId, disabled: $disabled) {\n      id\n      email\n      displayName\n      roles\n      createdAt\n      disabled\n      status\n    }\n  }\n": typeof types.SetUserDisabledDocument,
    "\n  fragment PersonFields on User {\n    id\n    email\n    displayName\n    roles\n    createdAt\n    disabled\n    status\n  }\n": typeof types.PersonFieldsFragmentDoc,
    "\n  mutation InviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      user {\n        ...PersonFields\n      }\n      setPasswordToken\n      temporaryPassword\n      expiresAt\n    }\n  }\n  \n": typeof types.InviteUserDocument,
    "\n  mutation ResetUserPassword($userId: ID!) {\n    resetUserPassword(userId: $userId) {\n      user {\n        ...PersonFields\n      }\n      setPasswordToken\n      expiresAt\n    }\n  }\n  \n": typeof types.ResetUserPasswordDocument,
    "\n  mutation SetUserRoles($userId: ID!, $roles: [Role!]!) {\n    setUserRoles(userId: $userId, roles: $roles) {\n      ...PersonFields\n    }\n  }\n  \n": typeof types.SetUserRolesDocument,
    "\n  query AdminApiKeys {\n    apiKeys {\n      id\n      name\n      prefix\n      scopes\n      consumerAppId\n      createdAt\n      lastUsedAt\n      revokedAt\n      rateLimitPerMinute\n      effectiveRateLimitPerMinute\n    }\n  }\n": typeof types.AdminApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      webhookSecret\n      apiKey {\n        id\n        name\n        prefix\n        scopes\n        consumerAppId\n        createdAt\n        lastUsedAt\n        revokedAt\n        rateLimitPerMinute\n        effectiveRateLimitPerMinute\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation SetApiKeyRateLimit($id: ID!, $perMinute: Int) {\n    setApiKeyRateLimit(id: $id, perMinute: $perMinute) {\n      id\n      rateLimitPerMinute\n      effectiveRateLimitPerMinute\n    }\n  }\n": typeof types.SetApiKeyRateLimitDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  query AdminWorkerTokens {\n    workerTokens {\n      id\n      name\n      prefix\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": typeof types.AdminWorkerTokensDocument,
    "\n  mutation IssueWorkerToken($name: String!) {\n    issueWorkerToken(name: $name) {\n      token\n      workerToken {\n        id\n        name\n        prefix\n        createdAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n": typeof types.IssueWorkerTokenDocument,
    "\n  mutation RevokeWorkerToken($id: ID!) {\n    revokeWorkerToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.RevokeWorkerTokenDocument,
    "\n  query AdminQueue {\n    queueStats {\n      recentSecondsPerJob\n      depth {\n        priority\n        queued\n        leased\n      }\n      unrunnable {\n        backend\n        baseModel\n        queued\n        blocks {\n          code\n          workerName\n          baseModel\n          folder\n          file\n          nodeClass\n          needVramMb\n          vramMb\n          nodeClasses\n        }\n      }\n    }\n  }\n": typeof types.AdminQueueDocument,
    "\n  query AdminWorkers {\n    workers {\n      id\n      name\n      status\n      backend\n      baseModels\n      loadedCheckpoint\n      loadedLoraKey\n      cachedLoraCount\n      boxProblem\n      vramMb\n      lastHeartbeatAt\n      jobsDone\n      gpuSeconds\n      capabilities {\n        gpus {\n          name\n          vramMb\n        }\n        modelFolders {\n          folder\n          files\n        }\n        nodeClassCount\n        customNodes\n        loraFileCount\n      }\n      leaseBlocks {\n        code\n        baseModel\n        folder\n        file\n        nodeClass\n        needVramMb\n        vramMb\n        nodeClasses\n        queuedJobs\n        boxProblem\n      }\n    }\n  }\n": typeof types.AdminWorkersDocument,
    "\n  mutation CancelPreviewJob($id: ID!) {\n    cancelPreviewJob(id: $id) {\n      id\n      state\n    }\n  }\n": typeof types.CancelPreviewJobDocument,
    "\n  mutation RetryPreviewJob($id: ID!) {\n    retryPreviewJob(id: $id) {\n      id\n      state\n    }\n  }\n": typeof types.RetryPreviewJobDocument,
    "\n  query AdminLoras {\n    loras {\n      id\n      name\n      description\n      usedBy {\n        templateId\n        title\n        inDraft\n        inPublished\n      }\n      baseModel\n      minWeight\n      defaultWeight\n      maxWeight\n      triggerWords\n      status\n      createdAt\n      thumbnailUrl\n    }\n  }\n": typeof types.AdminLorasDocument,
    "\n  mutation UpdateLora($id: ID!, $input: UpdateLoraInput!) {\n    updateLora(id: $id, input: $input) {\n      id\n      name\n      description\n      minWeight\n      defaultWeight\n      maxWeight\n      triggerWords\n    }\n  }\n": typeof types.UpdateLoraDocument,
    "\n  mutation SetLoraStatus($id: ID!, $status: LoraStatus!) {\n    setLoraStatus(id: $id, status: $status) {\n      id\n      status\n    }\n  }\n": typeof types.SetLoraStatusDocument,
    "\n  mutation RegisterLora($input: RegisterLoraInput!) {\n    registerLora(input: $input) {\n      id\n      name\n      description\n      usedBy {\n        templateId\n        title\n        inDraft\n        inPublished\n      }\n      baseModel\n      minWeight\n      defaultWeight\n      maxWeight\n      triggerWords\n      status\n      createdAt\n      thumbnailUrl\n    }\n  }\n": typeof types.RegisterLoraDocument,
    "\n  query RevenueAgreements($templateId: ID!) {\n    revenueAgreements(templateId: $templateId) {\n      id\n      templateId\n      designerShareBps\n      effectiveFrom\n      createdAt\n      coAuthors {\n        designerId\n        displayName\n        shareBps\n      }\n    }\n  }\n": typeof types.RevenueAgreementsDocument,
    "\n  query AgreementDesigners {\n    users(first: 100, filter: { role: DESIGNER, status: ACTIVE }) {\n      edges {\n        node {\n          id\n          displayName\n        }\n      }\n    }\n  }\n": typeof types.AgreementDesignersDocument,
    "\n  mutation SetRevenueAgreement($input: RevenueAgreementInput!) {\n    setRevenueAgreement(input: $input) {\n      id\n      templateId\n      designerShareBps\n      effectiveFrom\n      createdAt\n      coAuthors {\n        designerId\n        displayName\n        shareBps\n      }\n    }\n  }\n": typeof types.SetRevenueAgreementDocument,
    "\n  fragment AuditEntryFields on AuditEntry {\n    id\n    action\n    entityType\n    entityId\n    entityLabel\n    before\n    after\n    createdAt\n    actor {\n      kind\n      id\n      label\n    }\n  }\n": typeof types.AuditEntryFieldsFragmentDoc,
    "\n  query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AuditEntryFields\n        }\n      }\n    }\n  }\n  \n": typeof types.AuditLogDocument,
    "\n  query AuditActions {\n    auditActions\n  }\n": typeof types.AuditActionsDocument,
    "\n  query AuditLogCsv($filter: AuditLogFilter) {\n    auditLogCsv(filter: $filter) {\n      csv\n      rowCount\n      totalCount\n      truncated\n      maxRows\n    }\n  }\n": typeof types.AuditLogCsvDocument,
    "\n  query PasswordLink($token: String!) {\n    passwordLink(token: $token) {\n      purpose\n      displayName\n      email\n      expiresAt\n    }\n  }\n": typeof types.PasswordLinkDocument,
    "\n  mutation SetPasswordWithLink($token: String!, $newPassword: String!) {\n    setPasswordWithLink(token: $token, newPassword: $newPassword) {\n      csrfToken\n      expiresAt\n      user {\n        ...SessionUserFields\n      }\n    }\n  }\n  \n": typeof types.SetPasswordWithLinkDocument,
    "\n  fragment SessionUserFields on User {\n    id\n    email\n    displayName\n    roles\n    locale\n  }\n": typeof types.SessionUserFieldsFragmentDoc,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      csrfToken\n      expiresAt\n      user {\n        ...SessionUserFields\n      }\n    }\n  }\n  \n": typeof types.LoginDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
    "\n  query Me {\n    me {\n      ...SessionUserFields\n    }\n  }\n  \n": typeof types.MeDocument,
    "\n  mutation SetMyLocale($locale: String!) {\n    setMyLocale(locale: $locale) {\n      id\n      locale\n    }\n  }\n": typeof types.SetMyLocaleDocument,
    "\n  query StudioCatalog($first: Int, $after: String, $filter: CatalogFilter) {\n    catalog(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          title\n          description\n          tags\n          category\n          baseModel\n          publishedAt\n          publishedVersion {\n            id\n            number\n            current\n            publishedAt\n            coverUrl\n          }\n        }\n      }\n    }\n  }\n": typeof types.StudioCatalogDocument,
    "\n  query StudioCatalogVersion($id: ID!) {\n    catalogVersion(id: $id) {\n      id\n      templateId\n      title\n      number\n      specHash\n      current\n      publishedAt\n      coverUrl\n      previews {\n        id\n        url\n        width\n        height\n      }\n      spec\n      triggerWords\n      comfyGraph\n      recipe\n    }\n  }\n": typeof types.StudioCatalogVersionDocument,
    "\n  query Earnings($designerId: ID!, $from: String!, $to: String!) {\n    earnings(designerId: $designerId, from: $from, to: $to) {\n      month\n      templateId\n      templateTitle\n      currency\n      uses\n      grossMinor\n      shareMinor\n      refundsMinor\n      netMinor\n    }\n  }\n": typeof types.EarningsDocument,
    "\n  query RecentUsage($designerId: ID!, $first: Int) {\n    recentUsage(designerId: $designerId, first: $first) {\n      kind\n      occurredAt\n      templateId\n      templateTitle\n      versionNumber\n      appName\n      currency\n      basisMinor\n      shareMinor\n    }\n  }\n": typeof types.RecentUsageDocument,
    "\n  query EditorTemplate($id: ID!) {\n    template(id: $id) {\n      id\n      title\n      description\n      category\n      tags\n      baseModel\n      headRevision\n      draft {\n        id\n        number\n        revision\n        specHash\n        spec\n      }\n      versions {\n        id\n        number\n        state\n      }\n      standing {\n        ...TemplateStandingFields\n      }\n    }\n  }\n  \n": typeof types.EditorTemplateDocument,
    "\n  mutation SaveDraft($input: SaveDraftInput!) {\n    saveDraft(input: $input) {\n      id\n      revision\n      specHash\n    }\n  }\n": typeof types.SaveDraftDocument,
    "\n  mutation SaveAsNewTemplate($input: CreateTemplateInput!) {\n    createTemplate(input: $input) {\n      id\n      title\n    }\n  }\n": typeof types.SaveAsNewTemplateDocument,
    "\n  query EditorLoras($baseModel: BaseModel) {\n    loras(baseModel: $baseModel) {\n      id\n      name\n      baseModel\n      defaultWeight\n      minWeight\n      maxWeight\n      triggerWords\n      status\n      thumbnailUrl\n    }\n  }\n": typeof types.EditorLorasDocument,
    "\n  query ReferenceAsset($id: ID!) {\n    asset(id: $id) {\n      id\n      state\n      url\n      width\n      height\n    }\n  }\n": typeof types.ReferenceAssetDocument,
    "\n  fragment FaceFields on PreviewSubject {\n    id\n    name\n    gender\n    ageYears\n    active\n    usable\n    consentExpiresAt\n    consentDocumentAssetId\n    createdAt\n    retiredAt\n    purgedAt\n    identityLoras {\n      baseModel\n      assetId\n      triggerWord\n    }\n    referencePhotos {\n      assetId\n      url\n    }\n  }\n": typeof types.FaceFieldsFragmentDoc,
    "\n  query AdminFaces {\n    previewSubjects {\n      ...FaceFields\n    }\n  }\n  \n": typeof types.AdminFacesDocument,
    "\n  mutation CreateFace($input: CreatePreviewSubjectInput!) {\n    createPreviewSubject(input: $input) {\n      ...FaceFields\n    }\n  }\n  \n": typeof types.CreateFaceDocument,
    "\n  mutation ExtendFaceConsent($subjectId: ID!, $validUntil: DateTime!, $consentDocumentAssetId: ID!) {\n    extendConsent(subjectId: $subjectId, validUntil: $validUntil, consentDocumentAssetId: $consentDocumentAssetId) {\n      ...FaceFields\n    }\n  }\n  \n": typeof types.ExtendFaceConsentDocument,
    "\n  mutation RetireFace($id: ID!) {\n    retirePreviewSubject(id: $id) {\n      ...FaceFields\n    }\n  }\n  \n": typeof types.RetireFaceDocument,
    "\n  fragment TemplateMetadataFields on TemplateMetadata {\n    title\n    description\n    category\n    tags\n    frozen\n  }\n": typeof types.TemplateMetadataFieldsFragmentDoc,
    "\n  query TemplateCategories {\n    templateCategories(includeArchived: true) {\n      key\n      name\n      nameZh\n      position\n      archived\n      archivedAt\n    }\n  }\n": typeof types.TemplateCategoriesDocument,
    "\n  mutation CreateTemplateCategory($input: CreateTemplateCategoryInput!) {\n    createTemplateCategory(input: $input) {\n      key\n    }\n  }\n": typeof types.CreateTemplateCategoryDocument,
    "\n  mutation UpdateTemplateCategory($input: UpdateTemplateCategoryInput!) {\n    updateTemplateCategory(input: $input) {\n      key\n      name\n      nameZh\n      position\n      archived\n    }\n  }\n": typeof types.UpdateTemplateCategoryDocument,
    "\n  mutation UpdateTemplateDetails($input: UpdateTemplateInput!) {\n    updateTemplate(input: $input) {\n      id\n      title\n      description\n      tags\n      category\n    }\n  }\n": typeof types.UpdateTemplateDetailsDocument,
    "\n  fragment PreviewJobFields on PreviewJob {\n    id\n    state\n    subject {\n      id\n      name\n    }\n    seed\n    likeness\n    likenessEnd\n    cached\n    imageUrl\n    thumbnailUrl\n    queuePosition\n    etaSeconds\n    waitingForWorker\n    waitingReason\n    progress\n    error\n    removed\n  }\n": typeof types.PreviewJobFieldsFragmentDoc,
    "\n  fragment PreviewBatchFields on PreviewBatch {\n    id\n    versionId\n    specHash\n    jobs {\n      ...PreviewJobFields\n    }\n  }\n  \n": typeof types.PreviewBatchFieldsFragmentDoc,
    "\n  mutation RequestPreviews($input: RequestPreviewsInput!) {\n    requestPreviews(input: $input) {\n      ...PreviewBatchFields\n    }\n  }\n  \n": typeof types.RequestPreviewsDocument,
    "\n  query PreviewBatch($id: ID!) {\n    previewBatch(id: $id) {\n      ...PreviewBatchFields\n    }\n  }\n  \n": typeof types.PreviewBatchDocument,
    "\n  subscription PreviewBatchUpdated($batchId: ID!) {\n    previewBatchUpdated(batchId: $batchId) {\n      ...PreviewBatchFields\n    }\n  }\n  \n": typeof types.PreviewBatchUpdatedDocument,
    "\n  mutation SubmitVersion($versionId: ID!) {\n    submitVersion(versionId: $versionId) {\n      id\n      number\n      state\n      submittedAt\n    }\n  }\n": typeof types.SubmitVersionDocument,
    "\n  mutation SetVersionCover($versionId: ID!, $previewJobId: ID!) {\n    setVersionCover(versionId: $versionId, previewJobId: $previewJobId) {\n      id\n      specHash\n      coverPreviewJobId\n      coverUrl\n    }\n  }\n": typeof types.SetVersionCoverDocument,
    "\n  query EditorDraftCover($id: ID!) {\n    templateVersion(id: $id) {\n      id\n      cover {\n        id\n        state\n        seed\n        specHash\n        removed\n        subject {\n          id\n        }\n      }\n    }\n  }\n": typeof types.EditorDraftCoverDocument,
    "\n  mutation CancelPreview($id: ID!) {\n    cancelPreviewJob(id: $id) {\n      ...PreviewJobFields\n    }\n  }\n  \n": typeof types.CancelPreviewDocument,
    "\n  mutation RenderPreviewAgain($id: ID!) {\n    retryPreviewJob(id: $id) {\n      ...PreviewJobFields\n    }\n  }\n  \n": typeof types.RenderPreviewAgainDocument,
    "\n  query TemplateRenderStats($templateId: ID!, $from: String!, $to: String!) {\n    templateRenderStats(templateId: $templateId, from: $from, to: $to) {\n      templateId\n      from\n      to\n      versions {\n        versionId\n        versionNumber\n        renders\n        succeeded\n        failed\n        cancelled\n        paidUses\n        refundedUses\n        refundRate\n        medianWaitSeconds\n        p95WaitSeconds\n        days {\n          day\n          renders\n          failed\n          paidUses\n          p95WaitSeconds\n        }\n      }\n    }\n  }\n": typeof types.TemplateRenderStatsDocument,
    "\n  query ReviewQueue($first: Int, $after: String) {\n    reviewQueue(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          number\n          state\n          templateId\n          template {\n            id\n            title\n          }\n          submittedAt\n          author {\n            id\n            displayName\n          }\n        }\n      }\n    }\n  }\n": typeof types.ReviewQueueDocument,
    "\n  query ReviewPolicy {\n    reviewPolicy {\n      scoreBar\n      scoreMin\n      scoreMax\n      commentMaxLength\n    }\n  }\n": typeof types.ReviewPolicyDocument,
    "\n  fragment ReviewFields on Review {\n    id\n    decision\n    reviewerId\n    reviewer {\n      id\n      displayName\n    }\n    createdAt\n    scores {\n      subjectId\n      real\n      like\n      beautiful\n    }\n    comments {\n      body\n      previewJobId\n      x\n      y\n    }\n  }\n": typeof types.ReviewFieldsFragmentDoc,
    "\n  fragment ReviewPreviewFields on PreviewJob {\n    id\n    state\n    seed\n    likeness\n    likenessEnd\n    cached\n    removed\n    imageUrl\n    thumbnailUrl\n    subject {\n      id\n      name\n    }\n  }\n": typeof types.ReviewPreviewFieldsFragmentDoc,
    "\n  query ReviewVersionDetail($id: ID!) {\n    templateVersion(id: $id) {\n      id\n      number\n      state\n      templateId\n      template {\n        id\n        title\n      }\n      metadata {\n        ...TemplateMetadataFields\n      }\n      previousVersion {\n        id\n        number\n        metadata {\n          ...TemplateMetadataFields\n        }\n      }\n      spec\n      submittedAt\n      decidedAt\n      author {\n        id\n        displayName\n      }\n      previews {\n        ...ReviewPreviewFields\n      }\n      # The same faces rendered at the likeness max (a batch adds one per face), shown beside the default\n      # ones; 16 keeps the whole query under the API's cost limit (each listed preview counts).\n      maxPreviews: previews(likenessEnd: MAX, first: 16) {\n        ...ReviewPreviewFields\n      }\n      reviews {\n        ...ReviewFields\n      }\n    }\n  }\n  \n  \n  \n": typeof types.ReviewVersionDetailDocument,
    "\n  mutation ReviewVersion($input: ReviewVersionInput!) {\n    reviewVersion(input: $input) {\n      id\n      number\n      state\n      decidedAt\n    }\n  }\n": typeof types.ReviewVersionDocument,
    "\n  query TemplateReviews($id: ID!) {\n    template(id: $id) {\n      id\n      headRevision\n      versions {\n        id\n        number\n        state\n        decidedAt\n        reviews {\n          id\n          decision\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.TemplateReviewsDocument,
    "\n  fragment StatementFields on Statement {\n    id\n    designerId\n    month\n    currency\n    lines {\n      templateId\n      templateTitle\n      versionId\n      versionNumber\n      uses\n      grossMinor\n      shareMinor\n      refundsMinor\n      netMinor\n    }\n    grossMinor\n    shareMinor\n    refundsMinor\n    netMinor\n    openingMinor\n    payoutsMinor\n    closingMinor\n    outstandingMinor\n    paidAt\n    payoutReference\n    payoutMinor\n    csv\n  }\n": typeof types.StatementFieldsFragmentDoc,
    "\n  query Statement($designerId: ID!, $month: String!, $currency: String) {\n    statement(designerId: $designerId, month: $month, currency: $currency) {\n      ...StatementFields\n    }\n  }\n  \n": typeof types.StatementDocument,
    "\n  mutation MarkStatementPaid($statementId: ID!, $reference: String!) {\n    markStatementPaid(statementId: $statementId, reference: $reference) {\n      ...StatementFields\n    }\n  }\n  \n": typeof types.MarkStatementPaidDocument,
    "\n  query AdminSystemStatus {\n    systemStatus {\n      at\n      from\n      bucketMinutes\n      buckets {\n        start\n        end\n        queueDepth\n        started\n        waitMedianSeconds\n        waitP90Seconds\n        finished\n        failed\n        requests\n        clientErrors\n        serverErrors\n        graphqlErrors\n      }\n      queue {\n        queued\n        running\n      }\n      workers {\n        online\n        offline\n        byBackend {\n          backend\n          online\n        }\n      }\n      requests {\n        requests\n        clientErrors\n        serverErrors\n        graphqlErrors\n        graphqlErrorCodes {\n          code\n          answers\n        }\n        processes\n      }\n    }\n  }\n": typeof types.AdminSystemStatusDocument,
    "\n  fragment TemplateStandingFields on TemplateStanding {\n    state\n    versionId\n    versionNumber\n    reviewNote\n    decidedAt\n    publishedVersionNumber\n  }\n": typeof types.TemplateStandingFieldsFragmentDoc,
    "\n  fragment TemplateVersionSummaryFields on TemplateVersion {\n    id\n    number\n    state\n    revision\n    specHash\n    updatedAt\n  }\n\n  fragment TemplateSummaryFields on Template {\n    id\n    title\n    description\n    tags\n    category\n    baseModel\n    updatedAt\n    draft {\n      ...TemplateVersionSummaryFields\n    }\n    publishedVersion {\n      ...TemplateVersionSummaryFields\n    }\n    standing {\n      ...TemplateStandingFields\n    }\n  }\n  \n": typeof types.TemplateVersionSummaryFieldsFragmentDoc,
    "\n  query MyTemplates($first: Int, $after: String, $filter: TemplateFilter) {\n    templates(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...TemplateSummaryFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n  \n": typeof types.MyTemplatesDocument,
    "\n  mutation CreateTemplate($input: CreateTemplateInput!) {\n    createTemplate(input: $input) {\n      ...TemplateSummaryFields\n    }\n  }\n  \n": typeof types.CreateTemplateDocument,
    "\n  mutation DuplicateTemplate($templateId: ID!, $title: String) {\n    duplicateTemplate(templateId: $templateId, title: $title) {\n      id\n      title\n    }\n  }\n": typeof types.DuplicateTemplateDocument,
    "\n  query VersionHistory($id: ID!) {\n    me {\n      id\n      roles\n    }\n    template(id: $id) {\n      id\n      title\n      baseModel\n      owner {\n        id\n        displayName\n      }\n      publishedAt\n      publishedVersion {\n        id\n        number\n      }\n      versions {\n        id\n        number\n        state\n        spec\n        metadata {\n          ...TemplateMetadataFields\n        }\n        createdAt\n        submittedAt\n        decidedAt\n        publishedAt\n        author {\n          id\n          displayName\n        }\n        reviews {\n          id\n          decision\n          createdAt\n        }\n      }\n    }\n  }\n  \n": typeof types.VersionHistoryDocument,
    "\n  query VersionReviews($id: ID!) {\n    templateVersion(id: $id) {\n      id\n      reviews {\n        id\n        decision\n        reviewer {\n          id\n          displayName\n        }\n        scores {\n          subjectId\n          real\n          like\n          beautiful\n        }\n        comments {\n          body\n        }\n      }\n    }\n  }\n": typeof types.VersionReviewsDocument,
    "\n  query HistoryLoras {\n    loras {\n      id\n      name\n    }\n  }\n": typeof types.HistoryLorasDocument,
    "\n  fragment VersionPreviewFields on PreviewJob {\n    id\n    state\n    seed\n    cached\n    removed\n    imageUrl\n    thumbnailUrl\n    subject {\n      id\n      name\n    }\n  }\n": typeof types.VersionPreviewFieldsFragmentDoc,
    "\n  query VersionPreviews($olderId: ID!, $newerId: ID!) {\n    older: templateVersion(id: $olderId) {\n      id\n      previews {\n        ...VersionPreviewFields\n      }\n    }\n    newer: templateVersion(id: $newerId) {\n      id\n      previews {\n        ...VersionPreviewFields\n      }\n    }\n  }\n  \n": typeof types.VersionPreviewsDocument,
    "\n  mutation PublishVersion($versionId: ID!) {\n    publishVersion(versionId: $versionId) {\n      id\n      number\n      state\n    }\n  }\n": typeof types.PublishVersionDocument,
    "\n  mutation UnpublishTemplate($templateId: ID!) {\n    unpublishTemplate(templateId: $templateId) {\n      id\n      publishedVersion {\n        id\n      }\n    }\n  }\n": typeof types.UnpublishTemplateDocument,
    "\n  mutation RollbackTemplate($templateId: ID!, $versionId: ID!) {\n    rollbackTemplate(templateId: $templateId, versionId: $versionId) {\n      id\n      publishedVersion {\n        id\n        number\n      }\n    }\n  }\n": typeof types.RollbackTemplateDocument,
    "\n  mutation RequestAssetUpload($input: RequestUploadInput!) {\n    requestUpload(input: $input) {\n      uploadUrl\n      uploadForm\n      expiresAt\n      asset {\n        id\n      }\n    }\n  }\n": typeof types.RequestAssetUploadDocument,
    "\n  mutation CompleteAssetUpload($assetId: ID!) {\n    completeUpload(assetId: $assetId) {\n      id\n      state\n      rejectionReason\n      width\n      height\n    }\n  }\n": typeof types.CompleteAssetUploadDocument,
};
const documents: Documents = {
    "\n  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {\n    changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      csrfToken\n      expiresAt\n      user {\n        ...SessionUserFields\n      }\n    }\n  }\n  \n": types.ChangeMyPasswordDocument,
    "\n  mutation SignOutEverywhere {\n    signOutEverywhere {\n      csrfToken\n      expiresAt\n      user {\n        ...SessionUserFields\n      }\n    }\n  }\n  \n": types.SignOutEverywhereDocument,
    "\n  query RevenueOverview($currency: String) {\n    revenueOverview(currency: $currency) {\n      currency\n      platformRevenueMinor\n      paidOutMinor\n      apps {\n        appId\n        appName\n        uses\n        grossMinor\n        refundedMinor\n        receivableMinor\n      }\n      designers {\n        designerId\n        displayName\n        earnedMinor\n        paidMinor\n        unpaidMinor\n      }\n    }\n  }\n": types.RevenueOverviewDocument,
    "\n  query AdminUsers($first: Int, $after: String, $filter: UserFilterInput) {\n    users(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          email\n          displayName\n          roles\n          createdAt\n          disabled\n          status\n        }\n      }\n    }\n  }\n": types.AdminUsersDocument,
    "\n  mutation SetUserDisabled($userId: ID!, $disabled: Boolean!) {\n    setUserDisabled(userId: $userId, disabled: $disabled) {\n      id\n      email\n      displayName\n      roles\n      createdAt\n      disabled\n      status\n    }\n  }\n": types.SetUserDisabledDocument,
    "\n  fragment PersonFields on User {\n    id\n    email\n    displayName\n    roles\n    createdAt\n    disabled\n    status\n  }\n": types.PersonFieldsFragmentDoc,
    "\n  mutation InviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      user {\n        ...PersonFields\n      }\n      setPasswordToken\n      temporaryPassword\n      expiresAt\n    }\n  }\n  \n": types.InviteUserDocument,
    "\n  mutation ResetUserPassword($userId: ID!) {\n    resetUserPassword(userId: $userId) {\n      user {\n        ...PersonFields\n      }\n      setPasswordToken\n      expiresAt\n    }\n  }\n  \n": types.ResetUserPasswordDocument,
    "\n  mutation SetUserRoles($userId: ID!, $roles: [Role!]!) {\n    setUserRoles(userId: $userId, roles: $roles) {\n      ...PersonFields\n    }\n  }\n  \n": types.SetUserRolesDocument,
    "\n  query AdminApiKeys {\n    apiKeys {\n      id\n      name\n      prefix\n      scopes\n      consumerAppId\n      createdAt\n      lastUsedAt\n      revokedAt\n      rateLimitPerMinute\n      effectiveRateLimitPerMinute\n    }\n  }\n": types.AdminApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      webhookSecret\n      apiKey {\n        id\n        name\n        prefix\n        scopes\n        consumerAppId\n        createdAt\n        lastUsedAt\n        revokedAt\n        rateLimitPerMinute\n        effectiveRateLimitPerMinute\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation SetApiKeyRateLimit($id: ID!, $perMinute: Int) {\n    setApiKeyRateLimit(id: $id, perMinute: $perMinute) {\n      id\n      rateLimitPerMinute\n      effectiveRateLimitPerMinute\n    }\n  }\n": types.SetApiKeyRateLimitDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  query AdminWorkerTokens {\n    workerTokens {\n      id\n      name\n      prefix\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": types.AdminWorkerTokensDocument,
    "\n  mutation IssueWorkerToken($name: String!) {\n    issueWorkerToken(name: $name) {\n      token\n      workerToken {\n        id\n        name\n        prefix\n        createdAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n": types.IssueWorkerTokenDocument,
    "\n  mutation RevokeWorkerToken($id: ID!) {\n    revokeWorkerToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": types.RevokeWorkerTokenDocument,
    "\n  query AdminQueue {\n    queueStats {\n      recentSecondsPerJob\n      depth {\n        priority\n        queued\n        leased\n      }\n      unrunnable {\n        backend\n        baseModel\n        queued\n        blocks {\n          code\n          workerName\n          baseModel\n          folder\n          file\n          nodeClass\n          needVramMb\n          vramMb\n          nodeClasses\n        }\n      }\n    }\n  }\n": types.AdminQueueDocument,
    "\n  query AdminWorkers {\n    workers {\n      id\n      name\n      status\n      backend\n      baseModels\n      loadedCheckpoint\n      loadedLoraKey\n      cachedLoraCount\n      boxProblem\n      vramMb\n      lastHeartbeatAt\n      jobsDone\n      gpuSeconds\n      capabilities {\n        gpus {\n          name\n          vramMb\n        }\n        modelFolders {\n          folder\n          files\n        }\n        nodeClassCount\n        customNodes\n        loraFileCount\n      }\n      leaseBlocks {\n        code\n        baseModel\n        folder\n        file\n        nodeClass\n        needVramMb\n        vramMb\n        nodeClasses\n        queuedJobs\n        boxProblem\n      }\n    }\n  }\n": types.AdminWorkersDocument,
    "\n  mutation CancelPreviewJob($id: ID!) {\n    cancelPreviewJob(id: $id) {\n      id\n      state\n    }\n  }\n": types.CancelPreviewJobDocument,
    "\n  mutation RetryPreviewJob($id: ID!) {\n    retryPreviewJob(id: $id) {\n      id\n      state\n    }\n  }\n": types.RetryPreviewJobDocument,
    "\n  query AdminLoras {\n    loras {\n      id\n      name\n      description\n      usedBy {\n        templateId\n        title\n        inDraft\n        inPublished\n      }\n      baseModel\n      minWeight\n      defaultWeight\n      maxWeight\n      triggerWords\n      status\n      createdAt\n      thumbnailUrl\n    }\n  }\n": types.AdminLorasDocument,
    "\n  mutation UpdateLora($id: ID!, $input: UpdateLoraInput!) {\n    updateLora(id: $id, input: $input) {\n      id\n      name\n      description\n      minWeight\n      defaultWeight\n      maxWeight\n      triggerWords\n    }\n  }\n": types.UpdateLoraDocument,
    "\n  mutation SetLoraStatus($id: ID!, $status: LoraStatus!) {\n    setLoraStatus(id: $id, status: $status) {\n      id\n      status\n    }\n  }\n": types.SetLoraStatusDocument,
    "\n  mutation RegisterLora($input: RegisterLoraInput!) {\n    registerLora(input: $input) {\n      id\n      name\n      description\n      usedBy {\n        templateId\n        title\n        inDraft\n        inPublished\n      }\n      baseModel\n      minWeight\n      defaultWeight\n      maxWeight\n      triggerWords\n      status\n      createdAt\n      thumbnailUrl\n    }\n  }\n": types.RegisterLoraDocument,
    "\n  query RevenueAgreements($templateId: ID!) {\n    revenueAgreements(templateId: $templateId) {\n      id\n      templateId\n      designerShareBps\n      effectiveFrom\n      createdAt\n      coAuthors {\n        designerId\n        displayName\n        shareBps\n      }\n    }\n  }\n": types.RevenueAgreementsDocument,
    "\n  query AgreementDesigners {\n    users(first: 100, filter: { role: DESIGNER, status: ACTIVE }) {\n      edges {\n        node {\n          id\n          displayName\n        }\n      }\n    }\n  }\n": types.AgreementDesignersDocument,
    "\n  mutation SetRevenueAgreement($input: RevenueAgreementInput!) {\n    setRevenueAgreement(input: $input) {\n      id\n      templateId\n      designerShareBps\n      effectiveFrom\n      createdAt\n      coAuthors {\n        designerId\n        displayName\n        shareBps\n      }\n    }\n  }\n": types.SetRevenueAgreementDocument,
    "\n  fragment AuditEntryFields on AuditEntry {\n    id\n    action\n    entityType\n    entityId\n    entityLabel\n    before\n    after\n    createdAt\n    actor {\n      kind\n      id\n      label\n    }\n  }\n": types.AuditEntryFieldsFragmentDoc,
    "\n  query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AuditEntryFields\n        }\n      }\n    }\n  }\n  \n": types.AuditLogDocument,
    "\n  query AuditActions {\n    auditActions\n  }\n": types.AuditActionsDocument,
    "\n  query AuditLogCsv($filter: AuditLogFilter) {\n    auditLogCsv(filter: $filter) {\n      csv\n      rowCount\n      totalCount\n      truncated\n      maxRows\n    }\n  }\n": types.AuditLogCsvDocument,
    "\n  query PasswordLink($token: String!) {\n    passwordLink(token: $token) {\n      purpose\n      displayName\n      email\n      expiresAt\n    }\n  }\n": types.PasswordLinkDocument,
    "\n  mutation SetPasswordWithLink($token: String!, $newPassword: String!) {\n    setPasswordWithLink(token: $token, newPassword: $newPassword) {\n      csrfToken\n      expiresAt\n      user {\n        ...SessionUserFields\n      }\n    }\n  }\n  \n": types.SetPasswordWithLinkDocument,
    "\n  fragment SessionUserFields on User {\n    id\n    email\n    displayName\n    roles\n    locale\n  }\n": types.SessionUserFieldsFragmentDoc,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      csrfToken\n      expiresAt\n      user {\n        ...SessionUserFields\n      }\n    }\n  }\n  \n": types.LoginDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
    "\n  query Me {\n    me {\n      ...SessionUserFields\n    }\n  }\n  \n": types.MeDocument,
    "\n  mutation SetMyLocale($locale: String!) {\n    setMyLocale(locale: $locale) {\n      id\n      locale\n    }\n  }\n": types.SetMyLocaleDocument,
    "\n  query StudioCatalog($first: Int, $after: String, $filter: CatalogFilter) {\n    catalog(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          title\n          description\n          tags\n          category\n          baseModel\n          publishedAt\n          publishedVersion {\n            id\n            number\n            current\n            publishedAt\n            coverUrl\n          }\n        }\n      }\n    }\n  }\n": types.StudioCatalogDocument,
    "\n  query StudioCatalogVersion($id: ID!) {\n    catalogVersion(id: $id) {\n      id\n      templateId\n      title\n      number\n      specHash\n      current\n      publishedAt\n      coverUrl\n      previews {\n        id\n        url\n        width\n        height\n      }\n      spec\n      triggerWords\n      comfyGraph\n      recipe\n    }\n  }\n": types.StudioCatalogVersionDocument,
    "\n  query Earnings($designerId: ID!, $from: String!, $to: String!) {\n    earnings(designerId: $designerId, from: $from, to: $to) {\n      month\n      templateId\n      templateTitle\n      currency\n      uses\n      grossMinor\n      shareMinor\n      refundsMinor\n      netMinor\n    }\n  }\n": types.EarningsDocument,
    "\n  query RecentUsage($designerId: ID!, $first: Int) {\n    recentUsage(designerId: $designerId, first: $first) {\n      kind\n      occurredAt\n      templateId\n      templateTitle\n      versionNumber\n      appName\n      currency\n      basisMinor\n      shareMinor\n    }\n  }\n": types.RecentUsageDocument,
    "\n  query EditorTemplate($id: ID!) {\n    template(id: $id) {\n      id\n      title\n      description\n      category\n      tags\n      baseModel\n      headRevision\n      draft {\n        id\n        number\n        revision\n        specHash\n        spec\n      }\n      versions {\n        id\n        number\n        state\n      }\n      standing {\n        ...TemplateStandingFields\n      }\n    }\n  }\n  \n": types.EditorTemplateDocument,
    "\n  mutation SaveDraft($input: SaveDraftInput!) {\n    saveDraft(input: $input) {\n      id\n      revision\n      specHash\n    }\n  }\n": types.SaveDraftDocument,
    "\n  mutation SaveAsNewTemplate($input: CreateTemplateInput!) {\n    createTemplate(input: $input) {\n      id\n      title\n    }\n  }\n": types.SaveAsNewTemplateDocument,
    "\n  query EditorLoras($baseModel: BaseModel) {\n    loras(baseModel: $baseModel) {\n      id\n      name\n      baseModel\n      defaultWeight\n      minWeight\n      maxWeight\n      triggerWords\n      status\n      thumbnailUrl\n    }\n  }\n": types.EditorLorasDocument,
    "\n  query ReferenceAsset($id: ID!) {\n    asset(id: $id) {\n      id\n      state\n      url\n      width\n      height\n    }\n  }\n": types.ReferenceAssetDocument,
    "\n  fragment FaceFields on PreviewSubject {\n    id\n    name\n    gender\n    ageYears\n    active\n    usable\n    consentExpiresAt\n    consentDocumentAssetId\n    createdAt\n    retiredAt\n    purgedAt\n    identityLoras {\n      baseModel\n      assetId\n      triggerWord\n    }\n    referencePhotos {\n      assetId\n      url\n    }\n  }\n": types.FaceFieldsFragmentDoc,
    "\n  query AdminFaces {\n    previewSubjects {\n      ...FaceFields\n    }\n  }\n  \n": types.AdminFacesDocument,
    "\n  mutation CreateFace($input: CreatePreviewSubjectInput!) {\n    createPreviewSubject(input: $input) {\n      ...FaceFields\n    }\n  }\n  \n": types.CreateFaceDocument,
    "\n  mutation ExtendFaceConsent($subjectId: ID!, $validUntil: DateTime!, $consentDocumentAssetId: ID!) {\n    extendConsent(subjectId: $subjectId, validUntil: $validUntil, consentDocumentAssetId: $consentDocumentAssetId) {\n      ...FaceFields\n    }\n  }\n  \n": types.ExtendFaceConsentDocument,
    "\n  mutation RetireFace($id: ID!) {\n    retirePreviewSubject(id: $id) {\n      ...FaceFields\n    }\n  }\n  \n": types.RetireFaceDocument,
    "\n  fragment TemplateMetadataFields on TemplateMetadata {\n    title\n    description\n    category\n    tags\n    frozen\n  }\n": types.TemplateMetadataFieldsFragmentDoc,
    "\n  query TemplateCategories {\n    templateCategories(includeArchived: true) {\n      key\n      name\n      nameZh\n      position\n      archived\n      archivedAt\n    }\n  }\n": types.TemplateCategoriesDocument,
    "\n  mutation CreateTemplateCategory($input: CreateTemplateCategoryInput!) {\n    createTemplateCategory(input: $input) {\n      key\n    }\n  }\n": types.CreateTemplateCategoryDocument,
    "\n  mutation UpdateTemplateCategory($input: UpdateTemplateCategoryInput!) {\n    updateTemplateCategory(input: $input) {\n      key\n      name\n      nameZh\n      position\n      archived\n    }\n  }\n": types.UpdateTemplateCategoryDocument,
    "\n  mutation UpdateTemplateDetails($input: UpdateTemplateInput!) {\n    updateTemplate(input: $input) {\n      id\n      title\n      description\n      tags\n      category\n    }\n  }\n": types.UpdateTemplateDetailsDocument,
    "\n  fragment PreviewJobFields on PreviewJob {\n    id\n    state\n    subject {\n      id\n      name\n    }\n    seed\n    likeness\n    likenessEnd\n    cached\n    imageUrl\n    thumbnailUrl\n    queuePosition\n    etaSeconds\n    waitingForWorker\n    waitingReason\n    progress\n    error\n    removed\n  }\n": types.PreviewJobFieldsFragmentDoc,
    "\n  fragment PreviewBatchFields on PreviewBatch {\n    id\n    versionId\n    specHash\n    jobs {\n      ...PreviewJobFields\n    }\n  }\n  \n": types.PreviewBatchFieldsFragmentDoc,
    "\n  mutation RequestPreviews($input: RequestPreviewsInput!) {\n    requestPreviews(input: $input) {\n      ...PreviewBatchFields\n    }\n  }\n  \n": types.RequestPreviewsDocument,
    "\n  query PreviewBatch($id: ID!) {\n    previewBatch(id: $id) {\n      ...PreviewBatchFields\n    }\n  }\n  \n": types.PreviewBatchDocument,
    "\n  subscription PreviewBatchUpdated($batchId: ID!) {\n    previewBatchUpdated(batchId: $batchId) {\n      ...PreviewBatchFields\n    }\n  }\n  \n": types.PreviewBatchUpdatedDocument,
    "\n  mutation SubmitVersion($versionId: ID!) {\n    submitVersion(versionId: $versionId) {\n      id\n      number\n      state\n      submittedAt\n    }\n  }\n": types.SubmitVersionDocument,
    "\n  mutation SetVersionCover($versionId: ID!, $previewJobId: ID!) {\n    setVersionCover(versionId: $versionId, previewJobId: $previewJobId) {\n      id\n      specHash\n      coverPreviewJobId\n      coverUrl\n    }\n  }\n": types.SetVersionCoverDocument,
    "\n  query EditorDraftCover($id: ID!) {\n    templateVersion(id: $id) {\n      id\n      cover {\n        id\n        state\n        seed\n        specHash\n        removed\n        subject {\n          id\n        }\n      }\n    }\n  }\n": types.EditorDraftCoverDocument,
    "\n  mutation CancelPreview($id: ID!) {\n    cancelPreviewJob(id: $id) {\n      ...PreviewJobFields\n    }\n  }\n  \n": types.CancelPreviewDocument,
    "\n  mutation RenderPreviewAgain($id: ID!) {\n    retryPreviewJob(id: $id) {\n      ...PreviewJobFields\n    }\n  }\n  \n": types.RenderPreviewAgainDocument,
    "\n  query TemplateRenderStats($templateId: ID!, $from: String!, $to: String!) {\n    templateRenderStats(templateId: $templateId, from: $from, to: $to) {\n      templateId\n      from\n      to\n      versions {\n        versionId\n        versionNumber\n        renders\n        succeeded\n        failed\n        cancelled\n        paidUses\n        refundedUses\n        refundRate\n        medianWaitSeconds\n        p95WaitSeconds\n        days {\n          day\n          renders\n          failed\n          paidUses\n          p95WaitSeconds\n        }\n      }\n    }\n  }\n": types.TemplateRenderStatsDocument,
    "\n  query ReviewQueue($first: Int, $after: String) {\n    reviewQueue(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          number\n          state\n          templateId\n          template {\n            id\n            title\n          }\n          submittedAt\n          author {\n            id\n            displayName\n          }\n        }\n      }\n    }\n  }\n": types.ReviewQueueDocument,
    "\n  query ReviewPolicy {\n    reviewPolicy {\n      scoreBar\n      scoreMin\n      scoreMax\n      commentMaxLength\n    }\n  }\n": types.ReviewPolicyDocument,
    "\n  fragment ReviewFields on Review {\n    id\n    decision\n    reviewerId\n    reviewer {\n      id\n      displayName\n    }\n    createdAt\n    scores {\n      subjectId\n      real\n      like\n      beautiful\n    }\n    comments {\n      body\n      previewJobId\n      x\n      y\n    }\n  }\n": types.ReviewFieldsFragmentDoc,
    "\n  fragment ReviewPreviewFields on PreviewJob {\n    id\n    state\n    seed\n    likeness\n    likenessEnd\n    cached\n    removed\n    imageUrl\n    thumbnailUrl\n    subject {\n      id\n      name\n    }\n  }\n": types.ReviewPreviewFieldsFragmentDoc,
    "\n  query ReviewVersionDetail($id: ID!) {\n    templateVersion(id: $id) {\n      id\n      number\n      state\n      templateId\n      template {\n        id\n        title\n      }\n      metadata {\n        ...TemplateMetadataFields\n      }\n      previousVersion {\n        id\n        number\n        metadata {\n          ...TemplateMetadataFields\n        }\n      }\n      spec\n      submittedAt\n      decidedAt\n      author {\n        id\n        displayName\n      }\n      previews {\n        ...ReviewPreviewFields\n      }\n      # The same faces rendered at the likeness max (a batch adds one per face), shown beside the default\n      # ones; 16 keeps the whole query under the API's cost limit (each listed preview counts).\n      maxPreviews: previews(likenessEnd: MAX, first: 16) {\n        ...ReviewPreviewFields\n      }\n      reviews {\n        ...ReviewFields\n      }\n    }\n  }\n  \n  \n  \n": types.ReviewVersionDetailDocument,
    "\n  mutation ReviewVersion($input: ReviewVersionInput!) {\n    reviewVersion(input: $input) {\n      id\n      number\n      state\n      decidedAt\n    }\n  }\n": types.ReviewVersionDocument,
    "\n  query TemplateReviews($id: ID!) {\n    template(id: $id) {\n      id\n      headRevision\n      versions {\n        id\n        number\n        state\n        decidedAt\n        reviews {\n          id\n          decision\n          createdAt\n        }\n      }\n    }\n  }\n": types.TemplateReviewsDocument,
    "\n  fragment StatementFields on Statement {\n    id\n    designerId\n    month\n    currency\n    lines {\n      templateId\n      templateTitle\n      versionId\n      versionNumber\n      uses\n      grossMinor\n      shareMinor\n      refundsMinor\n      netMinor\n    }\n    grossMinor\n    shareMinor\n    refundsMinor\n    netMinor\n    openingMinor\n    payoutsMinor\n    closingMinor\n    outstandingMinor\n    paidAt\n    payoutReference\n    payoutMinor\n    csv\n  }\n": types.StatementFieldsFragmentDoc,
    "\n  query Statement($designerId: ID!, $month: String!, $currency: String) {\n    statement(designerId: $designerId, month: $month, currency: $currency) {\n      ...StatementFields\n    }\n  }\n  \n": types.StatementDocument,
    "\n  mutation MarkStatementPaid($statementId: ID!, $reference: String!) {\n    markStatementPaid(statementId: $statementId, reference: $reference) {\n      ...StatementFields\n    }\n  }\n  \n": types.MarkStatementPaidDocument,
    "\n  query AdminSystemStatus {\n    systemStatus {\n      at\n      from\n      bucketMinutes\n      buckets {\n        start\n        end\n        queueDepth\n        started\n        waitMedianSeconds\n        waitP90Seconds\n        finished\n        failed\n        requests\n        clientErrors\n        serverErrors\n        graphqlErrors\n      }\n      queue {\n        queued\n        running\n      }\n      workers {\n        online\n        offline\n        byBackend {\n          backend\n          online\n        }\n      }\n      requests {\n        requests\n        clientErrors\n        serverErrors\n        graphqlErrors\n        graphqlErrorCodes {\n          code\n          answers\n        }\n        processes\n      }\n    }\n  }\n": types.AdminSystemStatusDocument,
    "\n  fragment TemplateStandingFields on TemplateStanding {\n    state\n    versionId\n    versionNumber\n    reviewNote\n    decidedAt\n    publishedVersionNumber\n  }\n": types.TemplateStandingFieldsFragmentDoc,
    "\n  fragment TemplateVersionSummaryFields on TemplateVersion {\n    id\n    number\n    state\n    revision\n    specHash\n    updatedAt\n  }\n\n  fragment TemplateSummaryFields on Template {\n    id\n    title\n    description\n    tags\n    category\n    baseModel\n    updatedAt\n    draft {\n      ...TemplateVersionSummaryFields\n    }\n    publishedVersion {\n      ...TemplateVersionSummaryFields\n    }\n    standing {\n      ...TemplateStandingFields\n    }\n  }\n  \n": types.TemplateVersionSummaryFieldsFragmentDoc,
    "\n  query MyTemplates($first: Int, $after: String, $filter: TemplateFilter) {\n    templates(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...TemplateSummaryFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n  \n": types.MyTemplatesDocument,
    "\n  mutation CreateTemplate($input: CreateTemplateInput!) {\n    createTemplate(input: $input) {\n      ...TemplateSummaryFields\n    }\n  }\n  \n": types.CreateTemplateDocument,
    "\n  mutation DuplicateTemplate($templateId: ID!, $title: String) {\n    duplicateTemplate(templateId: $templateId, title: $title) {\n      id\n      title\n    }\n  }\n": types.DuplicateTemplateDocument,
    "\n  query VersionHistory($id: ID!) {\n    me {\n      id\n      roles\n    }\n    template(id: $id) {\n      id\n      title\n      baseModel\n      owner {\n        id\n        displayName\n      }\n      publishedAt\n      publishedVersion {\n        id\n        number\n      }\n      versions {\n        id\n        number\n        state\n        spec\n        metadata {\n          ...TemplateMetadataFields\n        }\n        createdAt\n        submittedAt\n        decidedAt\n        publishedAt\n        author {\n          id\n          displayName\n        }\n        reviews {\n          id\n          decision\n          createdAt\n        }\n      }\n    }\n  }\n  \n": types.VersionHistoryDocument,
    "\n  query VersionReviews($id: ID!) {\n    templateVersion(id: $id) {\n      id\n      reviews {\n        id\n        decision\n        reviewer {\n          id\n          displayName\n        }\n        scores {\n          subjectId\n          real\n          like\n          beautiful\n        }\n        comments {\n          body\n        }\n      }\n    }\n  }\n": types.VersionReviewsDocument,
    "\n  query HistoryLoras {\n    loras {\n      id\n      name\n    }\n  }\n": types.HistoryLorasDocument,
    "\n  fragment VersionPreviewFields on PreviewJob {\n    id\n    state\n    seed\n    cached\n    removed\n    imageUrl\n    thumbnailUrl\n    subject {\n      id\n      name\n    }\n  }\n": types.VersionPreviewFieldsFragmentDoc,
    "\n  query VersionPreviews($olderId: ID!, $newerId: ID!) {\n    older: templateVersion(id: $olderId) {\n      id\n      previews {\n        ...VersionPreviewFields\n      }\n    }\n    newer: templateVersion(id: $newerId) {\n      id\n      previews {\n        ...VersionPreviewFields\n      }\n    }\n  }\n  \n": types.VersionPreviewsDocument,
    "\n  mutation PublishVersion($versionId: ID!) {\n    publishVersion(versionId: $versionId) {\n      id\n      number\n      state\n    }\n  }\n": types.PublishVersionDocument,
    "\n  mutation UnpublishTemplate($templateId: ID!) {\n    unpublishTemplate(templateId: $templateId) {\n      id\n      publishedVersion {\n        id\n      }\n    }\n  }\n": types.UnpublishTemplateDocument,
    "\n  mutation RollbackTemplate($templateId: ID!, $versionId: ID!) {\n    rollbackTemplate(templateId: $templateId, versionId: $versionId) {\n      id\n      publishedVersion {\n        id\n        number\n      }\n    }\n  }\n": types.RollbackTemplateDocument,
    "\n  mutation RequestAssetUpload($input: RequestUploadInput!) {\n    requestUpload(input: $input) {\n      uploadUrl\n      uploadForm\n      expiresAt\n      asset {\n        id\n      }\n    }\n  }\n": types.RequestAssetUploadDocument,
    "\n  mutation CompleteAssetUpload($assetId: ID!) {\n    completeUpload(assetId: $assetId) {\n      id\n      state\n      rejectionReason\n      width\n      height\n    }\n  }\n": types.CompleteAssetUploadDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {\n    changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      csrfToken\n      expiresAt\n      user {\n        ...SessionUserFields\n      }\n    }\n  }\n  \n"): typeof import('./graphql').ChangeMyPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOutEverywhere {\n    signOutEverywhere {\n      csrfToken\n      expiresAt\n      user {\n        ...SessionUserFields\n      }\n    }\n  }\n  \n"): typeof import('./graphql').SignOutEverywhereDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RevenueOverview($currency: String) {\n    revenueOverview(currency: $currency) {\n      currency\n      platformRevenueMinor\n      paidOutMinor\n      apps {\n        appId\n        appName\n        uses\n        grossMinor\n        refundedMinor\n        receivableMinor\n      }\n      designers {\n        designerId\n        displayName\n        earnedMinor\n        paidMinor\n        unpaidMinor\n      }\n    }\n  }\n"): typeof import('./graphql').RevenueOverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUsers($first: Int, $after: String, $filter: UserFilterInput) {\n    users(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          email\n          displayName\n          roles\n          createdAt\n          disabled\n          status\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserDisabled($userId: ID!, $disabled: Boolean!) {\n    setUserDisabled(userId: $userId, disabled: $disabled) {\n      id\n      email\n      displayName\n      roles\n      createdAt\n      disabled\n      status\n    }\n  }\n"): typeof import('./graphql').SetUserDisabledDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PersonFields on User {\n    id\n    email\n    displayName\n    roles\n    createdAt\n    disabled\n    status\n  }\n"): typeof import('./graphql').PersonFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      user {\n        ...PersonFields\n      }\n      setPasswordToken\n      temporaryPassword\n      expiresAt\n    }\n  }\n  \n"): typeof import('./graphql').InviteUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetUserPassword($userId: ID!) {\n    resetUserPassword(userId: $userId) {\n      user {\n        ...PersonFields\n      }\n      setPasswordToken\n      expiresAt\n    }\n  }\n  \n"): typeof import('./graphql').ResetUserPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserRoles($userId: ID!, $roles: [Role!]!) {\n    setUserRoles(userId: $userId, roles: $roles) {\n      ...PersonFields\n    }\n  }\n  \n"): typeof import('./graphql').SetUserRolesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminApiKeys {\n    apiKeys {\n      id\n      name\n      prefix\n      scopes\n      consumerAppId\n      createdAt\n      lastUsedAt\n      revokedAt\n      rateLimitPerMinute\n      effectiveRateLimitPerMinute\n    }\n  }\n"): typeof import('./graphql').AdminApiKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      webhookSecret\n      apiKey {\n        id\n        name\n        prefix\n        scopes\n        consumerAppId\n        createdAt\n        lastUsedAt\n        revokedAt\n        rateLimitPerMinute\n        effectiveRateLimitPerMinute\n      }\n    }\n  }\n"): typeof import('./graphql').CreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetApiKeyRateLimit($id: ID!, $perMinute: Int) {\n    setApiKeyRateLimit(id: $id, perMinute: $perMinute) {\n      id\n      rateLimitPerMinute\n      effectiveRateLimitPerMinute\n    }\n  }\n"): typeof import('./graphql').SetApiKeyRateLimitDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"): typeof import('./graphql').RevokeApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminWorkerTokens {\n    workerTokens {\n      id\n      name\n      prefix\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n"): typeof import('./graphql').AdminWorkerTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IssueWorkerToken($name: String!) {\n    issueWorkerToken(name: $name) {\n      token\n      workerToken {\n        id\n        name\n        prefix\n        createdAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n"): typeof import('./graphql').IssueWorkerTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeWorkerToken($id: ID!) {\n    revokeWorkerToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"): typeof import('./graphql').RevokeWorkerTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminQueue {\n    queueStats {\n      recentSecondsPerJob\n      depth {\n        priority\n        queued\n        leased\n      }\n      unrunnable {\n        backend\n        baseModel\n        queued\n        blocks {\n          code\n          workerName\n          baseModel\n          folder\n          file\n          nodeClass\n          needVramMb\n          vramMb\n          nodeClasses\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminQueueDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminWorkers {\n    workers {\n      id\n      name\n      status\n      backend\n      baseModels\n      loadedCheckpoint\n      loadedLoraKey\n      cachedLoraCount\n      boxProblem\n      vramMb\n      lastHeartbeatAt\n      jobsDone\n      gpuSeconds\n      capabilities {\n        gpus {\n          name\n          vramMb\n        }\n        modelFolders {\n          folder\n          files\n        }\n        nodeClassCount\n        customNodes\n        loraFileCount\n      }\n      leaseBlocks {\n        code\n        baseModel\n        folder\n        file\n        nodeClass\n        needVramMb\n        vramMb\n        nodeClasses\n        queuedJobs\n        boxProblem\n      }\n    }\n  }\n"): typeof import('./graphql').AdminWorkersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelPreviewJob($id: ID!) {\n    cancelPreviewJob(id: $id) {\n      id\n      state\n    }\n  }\n"): typeof import('./graphql').CancelPreviewJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryPreviewJob($id: ID!) {\n    retryPreviewJob(id: $id) {\n      id\n      state\n    }\n  }\n"): typeof import('./graphql').RetryPreviewJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminLoras {\n    loras {\n      id\n      name\n      description\n      usedBy {\n        templateId\n        title\n        inDraft\n        inPublished\n      }\n      baseModel\n      minWeight\n      defaultWeight\n      maxWeight\n      triggerWords\n      status\n      createdAt\n      thumbnailUrl\n    }\n  }\n"): typeof import('./graphql').AdminLorasDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateLora($id: ID!, $input: UpdateLoraInput!) {\n    updateLora(id: $id, input: $input) {\n      id\n      name\n      description\n      minWeight\n      defaultWeight\n      maxWeight\n      triggerWords\n    }\n  }\n"): typeof import('./graphql').UpdateLoraDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetLoraStatus($id: ID!, $status: LoraStatus!) {\n    setLoraStatus(id: $id, status: $status) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').SetLoraStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterLora($input: RegisterLoraInput!) {\n    registerLora(input: $input) {\n      id\n      name\n      description\n      usedBy {\n        templateId\n        title\n        inDraft\n        inPublished\n      }\n      baseModel\n      minWeight\n      defaultWeight\n      maxWeight\n      triggerWords\n      status\n      createdAt\n      thumbnailUrl\n    }\n  }\n"): typeof import('./graphql').RegisterLoraDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RevenueAgreements($templateId: ID!) {\n    revenueAgreements(templateId: $templateId) {\n      id\n      templateId\n      designerShareBps\n      effectiveFrom\n      createdAt\n      coAuthors {\n        designerId\n        displayName\n        shareBps\n      }\n    }\n  }\n"): typeof import('./graphql').RevenueAgreementsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgreementDesigners {\n    users(first: 100, filter: { role: DESIGNER, status: ACTIVE }) {\n      edges {\n        node {\n          id\n          displayName\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AgreementDesignersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetRevenueAgreement($input: RevenueAgreementInput!) {\n    setRevenueAgreement(input: $input) {\n      id\n      templateId\n      designerShareBps\n      effectiveFrom\n      createdAt\n      coAuthors {\n        designerId\n        displayName\n        shareBps\n      }\n    }\n  }\n"): typeof import('./graphql').SetRevenueAgreementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuditEntryFields on AuditEntry {\n    id\n    action\n    entityType\n    entityId\n    entityLabel\n    before\n    after\n    createdAt\n    actor {\n      kind\n      id\n      label\n    }\n  }\n"): typeof import('./graphql').AuditEntryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AuditEntryFields\n        }\n      }\n    }\n  }\n  \n"): typeof import('./graphql').AuditLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditActions {\n    auditActions\n  }\n"): typeof import('./graphql').AuditActionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLogCsv($filter: AuditLogFilter) {\n    auditLogCsv(filter: $filter) {\n      csv\n      rowCount\n      totalCount\n      truncated\n      maxRows\n    }\n  }\n"): typeof import('./graphql').AuditLogCsvDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PasswordLink($token: String!) {\n    passwordLink(token: $token) {\n      purpose\n      displayName\n      email\n      expiresAt\n    }\n  }\n"): typeof import('./graphql').PasswordLinkDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPasswordWithLink($token: String!, $newPassword: String!) {\n    setPasswordWithLink(token: $token, newPassword: $newPassword) {\n      csrfToken\n      expiresAt\n      user {\n        ...SessionUserFields\n      }\n    }\n  }\n  \n"): typeof import('./graphql').SetPasswordWithLinkDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionUserFields on User {\n    id\n    email\n    displayName\n    roles\n    locale\n  }\n"): typeof import('./graphql').SessionUserFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      csrfToken\n      expiresAt\n      user {\n        ...SessionUserFields\n      }\n    }\n  }\n  \n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    signOut\n  }\n"): typeof import('./graphql').SignOutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...SessionUserFields\n    }\n  }\n  \n"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetMyLocale($locale: String!) {\n    setMyLocale(locale: $locale) {\n      id\n      locale\n    }\n  }\n"): typeof import('./graphql').SetMyLocaleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StudioCatalog($first: Int, $after: String, $filter: CatalogFilter) {\n    catalog(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          title\n          description\n          tags\n          category\n          baseModel\n          publishedAt\n          publishedVersion {\n            id\n            number\n            current\n            publishedAt\n            coverUrl\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').StudioCatalogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StudioCatalogVersion($id: ID!) {\n    catalogVersion(id: $id) {\n      id\n      templateId\n      title\n      number\n      specHash\n      current\n      publishedAt\n      coverUrl\n      previews {\n        id\n        url\n        width\n        height\n      }\n      spec\n      triggerWords\n      comfyGraph\n      recipe\n    }\n  }\n"): typeof import('./graphql').StudioCatalogVersionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Earnings($designerId: ID!, $from: String!, $to: String!) {\n    earnings(designerId: $designerId, from: $from, to: $to) {\n      month\n      templateId\n      templateTitle\n      currency\n      uses\n      grossMinor\n      shareMinor\n      refundsMinor\n      netMinor\n    }\n  }\n"): typeof import('./graphql').EarningsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentUsage($designerId: ID!, $first: Int) {\n    recentUsage(designerId: $designerId, first: $first) {\n      kind\n      occurredAt\n      templateId\n      templateTitle\n      versionNumber\n      appName\n      currency\n      basisMinor\n      shareMinor\n    }\n  }\n"): typeof import('./graphql').RecentUsageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EditorTemplate($id: ID!) {\n    template(id: $id) {\n      id\n      title\n      description\n      category\n      tags\n      baseModel\n      headRevision\n      draft {\n        id\n        number\n        revision\n        specHash\n        spec\n      }\n      versions {\n        id\n        number\n        state\n      }\n      standing {\n        ...TemplateStandingFields\n      }\n    }\n  }\n  \n"): typeof import('./graphql').EditorTemplateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveDraft($input: SaveDraftInput!) {\n    saveDraft(input: $input) {\n      id\n      revision\n      specHash\n    }\n  }\n"): typeof import('./graphql').SaveDraftDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveAsNewTemplate($input: CreateTemplateInput!) {\n    createTemplate(input: $input) {\n      id\n      title\n    }\n  }\n"): typeof import('./graphql').SaveAsNewTemplateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EditorLoras($baseModel: BaseModel) {\n    loras(baseModel: $baseModel) {\n      id\n      name\n      baseModel\n      defaultWeight\n      minWeight\n      maxWeight\n      triggerWords\n      status\n      thumbnailUrl\n    }\n  }\n"): typeof import('./graphql').EditorLorasDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReferenceAsset($id: ID!) {\n    asset(id: $id) {\n      id\n      state\n      url\n      width\n      height\n    }\n  }\n"): typeof import('./graphql').ReferenceAssetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FaceFields on PreviewSubject {\n    id\n    name\n    gender\n    ageYears\n    active\n    usable\n    consentExpiresAt\n    consentDocumentAssetId\n    createdAt\n    retiredAt\n    purgedAt\n    identityLoras {\n      baseModel\n      assetId\n      triggerWord\n    }\n    referencePhotos {\n      assetId\n      url\n    }\n  }\n"): typeof import('./graphql').FaceFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminFaces {\n    previewSubjects {\n      ...FaceFields\n    }\n  }\n  \n"): typeof import('./graphql').AdminFacesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateFace($input: CreatePreviewSubjectInput!) {\n    createPreviewSubject(input: $input) {\n      ...FaceFields\n    }\n  }\n  \n"): typeof import('./graphql').CreateFaceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExtendFaceConsent($subjectId: ID!, $validUntil: DateTime!, $consentDocumentAssetId: ID!) {\n    extendConsent(subjectId: $subjectId, validUntil: $validUntil, consentDocumentAssetId: $consentDocumentAssetId) {\n      ...FaceFields\n    }\n  }\n  \n"): typeof import('./graphql').ExtendFaceConsentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetireFace($id: ID!) {\n    retirePreviewSubject(id: $id) {\n      ...FaceFields\n    }\n  }\n  \n"): typeof import('./graphql').RetireFaceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TemplateMetadataFields on TemplateMetadata {\n    title\n    description\n    category\n    tags\n    frozen\n  }\n"): typeof import('./graphql').TemplateMetadataFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TemplateCategories {\n    templateCategories(includeArchived: true) {\n      key\n      name\n      nameZh\n      position\n      archived\n      archivedAt\n    }\n  }\n"): typeof import('./graphql').TemplateCategoriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTemplateCategory($input: CreateTemplateCategoryInput!) {\n    createTemplateCategory(input: $input) {\n      key\n    }\n  }\n"): typeof import('./graphql').CreateTemplateCategoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTemplateCategory($input: UpdateTemplateCategoryInput!) {\n    updateTemplateCategory(input: $input) {\n      key\n      name\n      nameZh\n      position\n      archived\n    }\n  }\n"): typeof import('./graphql').UpdateTemplateCategoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTemplateDetails($input: UpdateTemplateInput!) {\n    updateTemplate(input: $input) {\n      id\n      title\n      description\n      tags\n      category\n    }\n  }\n"): typeof import('./graphql').UpdateTemplateDetailsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PreviewJobFields on PreviewJob {\n    id\n    state\n    subject {\n      id\n      name\n    }\n    seed\n    likeness\n    likenessEnd\n    cached\n    imageUrl\n    thumbnailUrl\n    queuePosition\n    etaSeconds\n    waitingForWorker\n    waitingReason\n    progress\n    error\n    removed\n  }\n"): typeof import('./graphql').PreviewJobFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PreviewBatchFields on PreviewBatch {\n    id\n    versionId\n    specHash\n    jobs {\n      ...PreviewJobFields\n    }\n  }\n  \n"): typeof import('./graphql').PreviewBatchFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPreviews($input: RequestPreviewsInput!) {\n    requestPreviews(input: $input) {\n      ...PreviewBatchFields\n    }\n  }\n  \n"): typeof import('./graphql').RequestPreviewsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PreviewBatch($id: ID!) {\n    previewBatch(id: $id) {\n      ...PreviewBatchFields\n    }\n  }\n  \n"): typeof import('./graphql').PreviewBatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PreviewBatchUpdated($batchId: ID!) {\n    previewBatchUpdated(batchId: $batchId) {\n      ...PreviewBatchFields\n    }\n  }\n  \n"): typeof import('./graphql').PreviewBatchUpdatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitVersion($versionId: ID!) {\n    submitVersion(versionId: $versionId) {\n      id\n      number\n      state\n      submittedAt\n    }\n  }\n"): typeof import('./graphql').SubmitVersionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetVersionCover($versionId: ID!, $previewJobId: ID!) {\n    setVersionCover(versionId: $versionId, previewJobId: $previewJobId) {\n      id\n      specHash\n      coverPreviewJobId\n      coverUrl\n    }\n  }\n"): typeof import('./graphql').SetVersionCoverDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EditorDraftCover($id: ID!) {\n    templateVersion(id: $id) {\n      id\n      cover {\n        id\n        state\n        seed\n        specHash\n        removed\n        subject {\n          id\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').EditorDraftCoverDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelPreview($id: ID!) {\n    cancelPreviewJob(id: $id) {\n      ...PreviewJobFields\n    }\n  }\n  \n"): typeof import('./graphql').CancelPreviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenderPreviewAgain($id: ID!) {\n    retryPreviewJob(id: $id) {\n      ...PreviewJobFields\n    }\n  }\n  \n"): typeof import('./graphql').RenderPreviewAgainDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TemplateRenderStats($templateId: ID!, $from: String!, $to: String!) {\n    templateRenderStats(templateId: $templateId, from: $from, to: $to) {\n      templateId\n      from\n      to\n      versions {\n        versionId\n        versionNumber\n        renders\n        succeeded\n        failed\n        cancelled\n        paidUses\n        refundedUses\n        refundRate\n        medianWaitSeconds\n        p95WaitSeconds\n        days {\n          day\n          renders\n          failed\n          paidUses\n          p95WaitSeconds\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').TemplateRenderStatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReviewQueue($first: Int, $after: String) {\n    reviewQueue(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          number\n          state\n          templateId\n          template {\n            id\n            title\n          }\n          submittedAt\n          author {\n            id\n            displayName\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ReviewQueueDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReviewPolicy {\n    reviewPolicy {\n      scoreBar\n      scoreMin\n      scoreMax\n      commentMaxLength\n    }\n  }\n"): typeof import('./graphql').ReviewPolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReviewFields on Review {\n    id\n    decision\n    reviewerId\n    reviewer {\n      id\n      displayName\n    }\n    createdAt\n    scores {\n      subjectId\n      real\n      like\n      beautiful\n    }\n    comments {\n      body\n      previewJobId\n      x\n      y\n    }\n  }\n"): typeof import('./graphql').ReviewFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReviewPreviewFields on PreviewJob {\n    id\n    state\n    seed\n    likeness\n    likenessEnd\n    cached\n    removed\n    imageUrl\n    thumbnailUrl\n    subject {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').ReviewPreviewFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReviewVersionDetail($id: ID!) {\n    templateVersion(id: $id) {\n      id\n      number\n      state\n      templateId\n      template {\n        id\n        title\n      }\n      metadata {\n        ...TemplateMetadataFields\n      }\n      previousVersion {\n        id\n        number\n        metadata {\n          ...TemplateMetadataFields\n        }\n      }\n      spec\n      submittedAt\n      decidedAt\n      author {\n        id\n        displayName\n      }\n      previews {\n        ...ReviewPreviewFields\n      }\n      # The same faces rendered at the likeness max (a batch adds one per face), shown beside the default\n      # ones; 16 keeps the whole query under the API's cost limit (each listed preview counts).\n      maxPreviews: previews(likenessEnd: MAX, first: 16) {\n        ...ReviewPreviewFields\n      }\n      reviews {\n        ...ReviewFields\n      }\n    }\n  }\n  \n  \n  \n"): typeof import('./graphql').ReviewVersionDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReviewVersion($input: ReviewVersionInput!) {\n    reviewVersion(input: $input) {\n      id\n      number\n      state\n      decidedAt\n    }\n  }\n"): typeof import('./graphql').ReviewVersionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TemplateReviews($id: ID!) {\n    template(id: $id) {\n      id\n      headRevision\n      versions {\n        id\n        number\n        state\n        decidedAt\n        reviews {\n          id\n          decision\n          createdAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').TemplateReviewsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StatementFields on Statement {\n    id\n    designerId\n    month\n    currency\n    lines {\n      templateId\n      templateTitle\n      versionId\n      versionNumber\n      uses\n      grossMinor\n      shareMinor\n      refundsMinor\n      netMinor\n    }\n    grossMinor\n    shareMinor\n    refundsMinor\n    netMinor\n    openingMinor\n    payoutsMinor\n    closingMinor\n    outstandingMinor\n    paidAt\n    payoutReference\n    payoutMinor\n    csv\n  }\n"): typeof import('./graphql').StatementFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Statement($designerId: ID!, $month: String!, $currency: String) {\n    statement(designerId: $designerId, month: $month, currency: $currency) {\n      ...StatementFields\n    }\n  }\n  \n"): typeof import('./graphql').StatementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkStatementPaid($statementId: ID!, $reference: String!) {\n    markStatementPaid(statementId: $statementId, reference: $reference) {\n      ...StatementFields\n    }\n  }\n  \n"): typeof import('./graphql').MarkStatementPaidDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminSystemStatus {\n    systemStatus {\n      at\n      from\n      bucketMinutes\n      buckets {\n        start\n        end\n        queueDepth\n        started\n        waitMedianSeconds\n        waitP90Seconds\n        finished\n        failed\n        requests\n        clientErrors\n        serverErrors\n        graphqlErrors\n      }\n      queue {\n        queued\n        running\n      }\n      workers {\n        online\n        offline\n        byBackend {\n          backend\n          online\n        }\n      }\n      requests {\n        requests\n        clientErrors\n        serverErrors\n        graphqlErrors\n        graphqlErrorCodes {\n          code\n          answers\n        }\n        processes\n      }\n    }\n  }\n"): typeof import('./graphql').AdminSystemStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TemplateStandingFields on TemplateStanding {\n    state\n    versionId\n    versionNumber\n    reviewNote\n    decidedAt\n    publishedVersionNumber\n  }\n"): typeof import('./graphql').TemplateStandingFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TemplateVersionSummaryFields on TemplateVersion {\n    id\n    number\n    state\n    revision\n    specHash\n    updatedAt\n  }\n\n  fragment TemplateSummaryFields on Template {\n    id\n    title\n    description\n    tags\n    category\n    baseModel\n    updatedAt\n    draft {\n      ...TemplateVersionSummaryFields\n    }\n    publishedVersion {\n      ...TemplateVersionSummaryFields\n    }\n    standing {\n      ...TemplateStandingFields\n    }\n  }\n  \n"): typeof import('./graphql').TemplateVersionSummaryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyTemplates($first: Int, $after: String, $filter: TemplateFilter) {\n    templates(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...TemplateSummaryFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n  \n"): typeof import('./graphql').MyTemplatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTemplate($input: CreateTemplateInput!) {\n    createTemplate(input: $input) {\n      ...TemplateSummaryFields\n    }\n  }\n  \n"): typeof import('./graphql').CreateTemplateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DuplicateTemplate($templateId: ID!, $title: String) {\n    duplicateTemplate(templateId: $templateId, title: $title) {\n      id\n      title\n    }\n  }\n"): typeof import('./graphql').DuplicateTemplateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VersionHistory($id: ID!) {\n    me {\n      id\n      roles\n    }\n    template(id: $id) {\n      id\n      title\n      baseModel\n      owner {\n        id\n        displayName\n      }\n      publishedAt\n      publishedVersion {\n        id\n        number\n      }\n      versions {\n        id\n        number\n        state\n        spec\n        metadata {\n          ...TemplateMetadataFields\n        }\n        createdAt\n        submittedAt\n        decidedAt\n        publishedAt\n        author {\n          id\n          displayName\n        }\n        reviews {\n          id\n          decision\n          createdAt\n        }\n      }\n    }\n  }\n  \n"): typeof import('./graphql').VersionHistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VersionReviews($id: ID!) {\n    templateVersion(id: $id) {\n      id\n      reviews {\n        id\n        decision\n        reviewer {\n          id\n          displayName\n        }\n        scores {\n          subjectId\n          real\n          like\n          beautiful\n        }\n        comments {\n          body\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').VersionReviewsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HistoryLoras {\n    loras {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').HistoryLorasDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment VersionPreviewFields on PreviewJob {\n    id\n    state\n    seed\n    cached\n    removed\n    imageUrl\n    thumbnailUrl\n    subject {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').VersionPreviewFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VersionPreviews($olderId: ID!, $newerId: ID!) {\n    older: templateVersion(id: $olderId) {\n      id\n      previews {\n        ...VersionPreviewFields\n      }\n    }\n    newer: templateVersion(id: $newerId) {\n      id\n      previews {\n        ...VersionPreviewFields\n      }\n    }\n  }\n  \n"): typeof import('./graphql').VersionPreviewsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishVersion($versionId: ID!) {\n    publishVersion(versionId: $versionId) {\n      id\n      number\n      state\n    }\n  }\n"): typeof import('./graphql').PublishVersionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnpublishTemplate($templateId: ID!) {\n    unpublishTemplate(templateId: $templateId) {\n      id\n      publishedVersion {\n        id\n      }\n    }\n  }\n"): typeof import('./graphql').UnpublishTemplateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RollbackTemplate($templateId: ID!, $versionId: ID!) {\n    rollbackTemplate(templateId: $templateId, versionId: $versionId) {\n      id\n      publishedVersion {\n        id\n        number\n      }\n    }\n  }\n"): typeof import('./graphql').RollbackTemplateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestAssetUpload($input: RequestUploadInput!) {\n    requestUpload(input: $input) {\n      uploadUrl\n      uploadForm\n      expiresAt\n      asset {\n        id\n      }\n    }\n  }\n"): typeof import('./graphql').RequestAssetUploadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteAssetUpload($assetId: ID!) {\n    completeUpload(assetId: $assetId) {\n      id\n      state\n      rejectionReason\n      width\n      height\n    }\n  }\n"): typeof import('./graphql').CompleteAssetUploadDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
