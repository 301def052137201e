import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from '@jest/globals';
import { applyCommand, createEditorState, type EditorState } from '@atelier/editor-core';
import { makeDefaultTemplateSpec, OPENPOSE_KEYPOINT_NAMES } from '@atelier/template-spec';
import { en } from '../../../i18n/en';
import { zhCN } from '../../../i18n/zh-CN';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { CanvasSizeSection } from './CanvasSizeSection';
import { listLayersTopFirst } from './EditorSidePanel';
import { jointLabelKey, PoseToolsSection } from './PoseToolsSection';

// Both sections wired like the side panel wires them: each command applied to a live EditorState.
function renderSections() {
  const current: { state: EditorState } = { state: createEditorState(makeDefaultTemplateSpec('sdxl')) };
  function Harness() {
    const [state, setState] = useState(current.state);
    const onCommand = (command: Parameters<typeof applyCommand>[1]) => {
      current.state = applyCommand(current.state, command);
      setState(current.state);
    };
    return (
      <I18nProvider initialLocale="en">
        <CanvasSizeSection state={state} onCommand={onCommand} />
        <PoseToolsSection state={state} onCommand={onCommand} />
      </I18nProvider>
    );
  }
  render(<Harness />);
  return { current };
}

describe('output frame and pose tools', () => {
  it('names every OpenPose joint in both languages', () => {
    for (let index = 0; index < OPENPOSE_KEYPOINT_NAMES.length; index += 1) {
      expect(en[jointLabelKey(index) as keyof typeof en]).toBeTruthy();
      expect(zhCN[jointLabelKey(index) as keyof typeof zhCN]).toBeTruthy();
    }
  });

  it('switches the aspect preset, refuses a size the spec does not allow and applies a valid custom one', async () => {
    const user = userEvent.setup();
    const { current } = renderSections();
    await user.click(screen.getByRole('button', { name: '1:1' }));
    const square = current.state.document.spec.canvas;
    expect(square.width).toBe(square.height);
    expect(screen.getByRole('button', { name: '1:1' }).getAttribute('aria-pressed')).toBe('true');

    const width = screen.getByRole('textbox', { name: 'W' });
    await user.clear(width);
    await user.type(width, '1001');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByRole('alert').textContent).toContain('multiples of 8');
    expect(current.state.document.spec.canvas).toEqual(square);

    await user.clear(width);
    await user.type(width, '768');
    const height = screen.getByRole('textbox', { name: 'H' });
    await user.clear(height);
    await user.type(height, '1344');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(current.state.document.spec.canvas).toMatchObject({ width: 768, height: 1344 });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('hides and shows a joint, rotates and scales the skeleton, and turns limb chains and snapping off', async () => {
    const user = userEvent.setup();
    const { current } = renderSections();
    const rows = screen.getAllByTestId('joint-row');
    expect(rows).toHaveLength(18);
    expect(rows[16]!.textContent).toContain('Right ear');

    await user.click(within(rows[16]!).getByRole('button', { name: 'Hide Right ear' }));
    expect(current.state.document.spec.pose!.keypoints[16]).toBeNull();
    expect(screen.getByTestId('joint-list-toggle').textContent).toBe('Joints (1 of 18 hidden)');
    await user.click(within(screen.getAllByTestId('joint-row')[16]!).getByRole('button', { name: 'Show Right ear' }));
    expect(current.state.document.spec.pose!.keypoints[16]).not.toBeNull();

    const before = current.state.document.spec.pose!.keypoints[4]!;
    await user.click(screen.getByRole('button', { name: 'Rotate skeleton 15° clockwise' }));
    expect(current.state.document.spec.pose!.keypoints[4]).not.toEqual(before);
    const rotated = current.state.document.spec.pose!.keypoints;
    await user.click(screen.getByRole('button', { name: 'Shrink skeleton' }));
    expect(current.state.document.spec.pose!.keypoints).not.toEqual(rotated);

    await user.click(screen.getByRole('checkbox', { name: 'Move limb chains together (drag the elbow, the wrist follows)' }));
    await user.click(screen.getByRole('checkbox', { name: 'Snap to guides' }));
    expect(current.state.options).toMatchObject({ isLimbChainDraggingEnabled: false, isSnappingEnabled: false });
  });

  it('lists the layers top first, following the stacking order', () => {
    const state = createEditorState(makeDefaultTemplateSpec('sdxl'));
    expect(listLayersTopFirst(state)).toEqual(['guides', 'pose', 'lights', 'subjectFrame', 'reference']);
    expect(listLayersTopFirst(applyCommand(state, { type: 'moveLayer', layer: 'lights', direction: 'up' }))).toEqual(['guides', 'lights', 'pose', 'subjectFrame', 'reference']);
  });
});
