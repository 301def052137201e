import { describe, expect, it } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FaceFieldsFragment } from '../../../gql/graphql';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { LanguageSwitch } from '../../../i18n/LanguageSwitch';
import { graphQLError, stubGraphQL, type GraphQLCall } from '../../../test/stub-graphql';
import { stubStorage, uploadTicket } from '../../../test/stub-storage';
import { FacesPage } from './FacesPage';

// The page's clock: 7 December 2026, noon UTC.
const NOW = Date.parse('2026-12-07T12:00:00Z');
const now = () => NOW;

function makeFace(overrides: Partial<FaceFieldsFragment> = {}): FaceFieldsFragment {
  return {
    id: 'f-mei',
    name: 'Mei',
    gender: 'FEMALE',
    ageYears: 28,
    active: true,
    usable: true,
    consentExpiresAt: '2027-03-01T00:00:00Z',
    consentDocumentAssetId: 'doc-1',
    createdAt: '2026-11-01T00:00:00Z',
    retiredAt: null,
    purgedAt: null,
    identityLoras: [
      { baseModel: 'SD15', assetId: 'l-1', triggerWord: null },
      { baseModel: 'SDXL', assetId: 'l-2', triggerWord: 'ohwx' },
    ],
    referencePhotos: [1, 2, 3].map((n) => ({ assetId: `p-${n}`, url: `https://storage.test/bucket/p-${n}.png` })),
    ...overrides,
  };
}

const rowOf = (name: string) => screen.getAllByTestId('face-row').find((row) => within(row).queryByRole('rowheader', { name: new RegExp(`^${name}`) }))!;
const operation = (calls: GraphQLCall[], name: string) => calls.filter((c) => c.query.includes(`mutation ${name}`) || c.query.includes(`query ${name}`));

// The API as the page meets it; uploads get ids a-1, a-2, ... in the order they are asked for.
function stubApi(faces: FaceFieldsFragment[], overrides: Parameters<typeof stubGraphQL>[0] = {}) {
  let uploads = 0;
  const calls = stubGraphQL({
    AdminFaces: () => ({ body: { data: { previewSubjects: faces } } }),
    RequestAssetUpload: () => ({ body: { data: { requestUpload: uploadTicket(`a-${++uploads}`) } } }),
    CompleteAssetUpload: ({ variables }) => ({ body: { data: { completeUpload: { id: variables['assetId'], state: 'READY', rejectionReason: null } } } }),
    ...overrides,
  });
  const posts = stubStorage();
  return { calls, posts };
}

describe('FacesPage', () => {
  it('shows each face with its base models, photos and consent, and warns two weeks before a consent ends', async () => {
    stubApi([
      makeFace(),
      makeFace({ id: 'f-jun', name: 'Jun', gender: 'MALE', ageYears: null, consentExpiresAt: '2026-12-12T00:00:00Z', identityLoras: [{ baseModel: 'SDXL', assetId: 'l-3', triggerWord: null }] }),
      makeFace({ id: 'f-ana', name: 'Ana', active: false, usable: false, retiredAt: '2026-12-01T00:00:00Z', purgedAt: '2026-12-01T00:05:00Z', referencePhotos: [] }),
    ]);
    render(<FacesPage now={now} />);
    await screen.findAllByTestId('face-row');

    expect(within(rowOf('Mei')).getByTestId('face-status').textContent).toBe('Valid · 84 days left');
    expect(within(rowOf('Mei')).getByTestId('face-base-models').textContent).toBe('SD1.5SDXL · ohwx');
    expect(within(rowOf('Jun')).getByTestId('face-base-models').textContent).toBe('SDXL');
    expect(within(rowOf('Mei')).getAllByRole('img').map((img) => img.getAttribute('alt'))).toEqual(['Photo 1 of Mei', 'Photo 2 of Mei', 'Photo 3 of Mei']);
    expect(within(rowOf('Mei')).getByRole('rowheader').textContent).toBe('MeiWoman · 28 years');
    expect(within(rowOf('Jun')).getByTestId('face-status').textContent).toBe('Ends in 5 days');
    expect(within(rowOf('Ana')).getByTestId('face-status').textContent).toBe('Retired · files deleted');
    expect(within(rowOf('Ana')).queryByRole('button')).toBeNull();
    expect(screen.getByTestId('faces-expiring').textContent).toBe(
      "Jun's consent ends within 14 days. Extend it with a newly signed consent, or the face's LoRAs, photos and previews are deleted when it ends.",
    );
  });

  it('adds a face: uploads the consent, the identity LoRA and the photos, then creates it with them', async () => {
    const user = userEvent.setup();
    const added = makeFace({ id: 'f-lan', name: 'Lan', ageYears: 34, identityLoras: [{ baseModel: 'SDXL', assetId: 'a-2', triggerWord: 'lan' }] });
    const { calls, posts } = stubApi([makeFace()], { CreateFace: () => ({ body: { data: { createPreviewSubject: added } } }) });
    render(<FacesPage now={now} />);
    await screen.findAllByTestId('face-row');

    await user.click(screen.getByRole('button', { name: 'Add a face' }));
    const form = screen.getByRole('form', { name: 'Add a preview face' });
    await user.type(within(form).getByRole('textbox', { name: 'Name' }), ' Lan ');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Gender' }), 'FEMALE');
    await user.type(within(form).getByRole('spinbutton', { name: /^Age/ }), '34');
    await user.upload(within(form).getByLabelText('Signed consent (PDF, PNG or JPEG)'), new File(['%PDF-1.4'], 'consent.pdf', { type: 'application/pdf' }));
    await user.type(within(form).getByLabelText('Consent valid until'), '2027-12-31');
    await user.upload(within(form).getByLabelText('SDXL identity LoRA (.safetensors)'), new File([new Uint8Array([1, 2])], 'lan-sdxl.safetensors'));
    await user.type(within(form).getByRole('textbox', { name: /^SDXL trigger word/ }), ' lan ');
    const photos = [1, 2, 3].map((n) => new File([new Uint8Array([n])], `lan-${n}.png`, { type: 'image/png' }));
    await user.upload(within(form).getByLabelText('Consented photos of the face'), photos);
    await user.click(within(form).getByRole('button', { name: 'Add face' }));

    expect((await screen.findByRole('status')).textContent).toBe('Lan is added. Their previews can be requested now.');
    const kinds = operation(calls, 'RequestAssetUpload').map((c) => (c.variables['input'] as { kind: string; fileName: string }).kind);
    expect(kinds).toEqual(['CONSENT_DOCUMENT', 'LORA', 'SUBJECT_PHOTO', 'SUBJECT_PHOTO', 'SUBJECT_PHOTO']);
    expect(posts.map((p) => (p.form.at(-1)![1] as File).name)).toEqual(['consent.pdf', 'lan-sdxl.safetensors', 'lan-1.png', 'lan-2.png', 'lan-3.png']);
    const [create] = operation(calls, 'CreateFace');
    expect(create!.variables['input']).toEqual({
      name: 'Lan',
      gender: 'FEMALE',
      ageYears: 34,
      consentExpiresAt: new Date(2027, 11, 31, 23, 59, 59).toISOString(),
      consentDocumentAssetId: 'a-1',
      identityLoras: [{ baseModel: 'SDXL', assetId: 'a-2', triggerWord: 'lan' }],
      referencePhotoAssetIds: ['a-3', 'a-4', 'a-5'],
    });
    expect(screen.queryByRole('form', { name: 'Add a preview face' })).toBeNull();
    expect(rowOf('Lan')).toBeTruthy();
  });

  it('says what is missing before uploading anything', async () => {
    const user = userEvent.setup();
    const { calls } = stubApi([]);
    render(<FacesPage now={now} />);
    await user.click(await screen.findByRole('button', { name: 'Add a face' }));
    const form = screen.getByRole('form', { name: 'Add a preview face' });
    await user.upload(within(form).getByLabelText('Consented photos of the face'), [new File([new Uint8Array([1])], 'only.png', { type: 'image/png' })]);
    await user.type(within(form).getByLabelText('Consent valid until'), '2026-12-01');
    await user.click(within(form).getByRole('button', { name: 'Add face' }));

    expect(screen.getByTestId('face-error-name').textContent).toBe('Name the face.');
    expect(screen.getByTestId('face-error-consentDocumentAssetId').textContent).toBe('Upload the signed consent.');
    expect(screen.getByTestId('face-error-consentExpiresAt').textContent).toBe('The consent must still hold: choose a future date.');
    expect(screen.getByTestId('face-error-identityLoras').textContent).toBe('Add an identity LoRA for SD1.5, SDXL or both.');
    expect(screen.getByTestId('face-error-referencePhotoAssetIds').textContent).toBe('Choose 3 to 10 photos (1 chosen).');
    expect(operation(calls, 'RequestAssetUpload')).toHaveLength(0);
  });

  it("puts the API's refusal next to the field it names, keeping what was typed", async () => {
    const user = userEvent.setup();
    stubApi([], { CreateFace: () => ({ status: 400, ...graphQLError('BAD_USER_INPUT', 'Age must be a whole number of years from 18 to 100.', [{ path: ['input', 'ageYears'], message: 'Age must be a whole number of years from 18 to 100.' }]) }) });
    render(<FacesPage now={now} />);
    await user.click(await screen.findByRole('button', { name: 'Add a face' }));
    const form = screen.getByRole('form', { name: 'Add a preview face' });
    await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'Kai');
    await user.type(within(form).getByRole('spinbutton', { name: /^Age/ }), '40');
    await user.upload(within(form).getByLabelText('Signed consent (PDF, PNG or JPEG)'), new File(['%PDF'], 'c.pdf', { type: 'application/pdf' }));
    await user.type(within(form).getByLabelText('Consent valid until'), '2027-06-30');
    await user.upload(within(form).getByLabelText('SD1.5 identity LoRA (.safetensors)'), new File([new Uint8Array([1])], 'kai.safetensors'));
    await user.upload(within(form).getByLabelText('Consented photos of the face'), [1, 2, 3].map((n) => new File([new Uint8Array([n])], `k${n}.png`, { type: 'image/png' })));
    await user.click(within(form).getByRole('button', { name: 'Add face' }));

    expect((await screen.findByTestId('face-error-ageYears')).textContent).toBe('Age must be a whole number of years from 18 to 100.');
    expect(within(form).getByRole<HTMLInputElement>('textbox', { name: 'Name' }).value).toBe('Kai');
  });

  it('extends a consent with a newly signed document and a later date', async () => {
    const user = userEvent.setup();
    const jun = makeFace({ id: 'f-jun', name: 'Jun', consentExpiresAt: '2026-12-12T00:00:00Z' });
    const { calls } = stubApi([jun], { ExtendFaceConsent: ({ variables }) => ({ body: { data: { extendConsent: { ...jun, consentExpiresAt: variables['validUntil'] } } } }) });
    render(<FacesPage now={now} />);
    await screen.findAllByTestId('face-row');
    await user.click(within(rowOf('Jun')).getByRole('button', { name: 'Extend consent' }));
    const dialog = screen.getByRole('dialog', { name: 'Extend the consent of Jun' });
    await user.upload(within(dialog).getByLabelText('Signed consent (PDF, PNG or JPEG)'), new File(['%PDF'], 'renewed.pdf', { type: 'application/pdf' }));
    // Not later than the current consent: refused here, nothing uploaded.
    await user.type(within(dialog).getByLabelText('Consent valid until'), '2026-12-10');
    await user.click(within(dialog).getByRole('button', { name: 'Upload and extend' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Choose an end date after Dec 12, 2026.');
    expect(operation(calls, 'RequestAssetUpload')).toHaveLength(0);

    await user.clear(within(dialog).getByLabelText('Consent valid until'));
    await user.type(within(dialog).getByLabelText('Consent valid until'), '2028-01-31');
    await user.click(within(dialog).getByRole('button', { name: 'Upload and extend' }));
    await waitFor(() => expect(within(rowOf('Jun')).getByTestId('face-status').textContent).toMatch(/^Valid · \d+ days left$/));
    expect(operation(calls, 'ExtendFaceConsent')[0]!.variables).toEqual({ subjectId: 'f-jun', validUntil: new Date(2028, 0, 31, 23, 59, 59).toISOString(), consentDocumentAssetId: 'a-1' });
    expect(screen.queryByTestId('faces-expiring')).toBeNull();
  });

  it('says exactly what retiring deletes before doing it', async () => {
    const user = userEvent.setup();
    const { calls } = stubApi([makeFace()], { RetireFace: () => ({ body: { data: { retirePreviewSubject: makeFace({ active: false, usable: false, retiredAt: '2026-12-07T12:00:00Z' }) } } }) });
    render(<FacesPage now={now} />);
    await screen.findAllByTestId('face-row');
    await user.click(within(rowOf('Mei')).getByRole('button', { name: 'Retire' }));
    const dialog = screen.getByRole('dialog', { name: 'Retire Mei?' });
    expect(within(dialog).getByTestId('retire-deletes').textContent).toBe(
      'For their privacy, these are deleted from storage and from every GPU box: the identity LoRAs (SD1.5, SDXL), the 3 photos and every preview made with this face. The signed consent documents are kept.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Retire and delete' }));
    await waitFor(() => expect(within(rowOf('Mei')).getByTestId('face-status').textContent).toBe('Retired · deleting files'));
    expect(operation(calls, 'RetireFace')[0]!.variables).toEqual({ id: 'f-mei' });
  });

  it('words its banner in the language chosen after the change', async () => {
    const user = userEvent.setup();
    stubApi([makeFace()], { RetireFace: () => ({ body: { data: { retirePreviewSubject: makeFace({ active: false, usable: false, retiredAt: '2026-12-07T12:00:00Z' }) } } }) });
    render(
      <I18nProvider initialLocale="en">
        <LanguageSwitch />
        <FacesPage now={now} />
      </I18nProvider>,
    );
    await screen.findAllByTestId('face-row');
    await user.click(within(rowOf('Mei')).getByRole('button', { name: 'Retire' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Retire Mei?' })).getByRole('button', { name: 'Retire and delete' }));
    await waitFor(() => expect(screen.getByTestId('faces-message').textContent).toBe('Mei is retired; their identity LoRAs, photos and previews are being deleted.'));

    await user.click(screen.getByRole('button', { name: '中文' }));
    expect(screen.getByTestId('faces-message').textContent).toBe('已停用 Mei，正在删除其身份 LoRA、照片和预览。');
  });
});
