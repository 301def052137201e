import { useState } from 'react';
import { describe, expect, it } from '@jest/globals';
import { applyCommand, createEditorState, type EditorState } from '@atelier/editor-core';
import { makeDefaultTemplateSpec, OPENPOSE_KEYPOINT_NAMES } from '@atelier/template-spec';
import { en } from '../../../i18n/en';
import { zhCN } from '../../../i18n/zh-CN';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { allByTestId, byTestId, click, render, typeInto } from '../../../test/dom-test-utils';
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
  return { container: render(<Harness />), current };
}

describe('output frame and pose tools', () => {
  it('names every OpenPose joint in both languages', () => {
    for (let index = 0; index < OPENPOSE_KEYPOINT_NAMES.length; index += 1) {
      expect(en[jointLabelKey(index) as keyof typeof en]).toBeTruthy();
      expect(zhCN[jointLabelKey(index) as keyof typeof zhCN]).toBeTruthy();
    }
  });

  it('switches the aspect preset, refuses a size the spec does not allow and applies a valid custom one', () => {
    const { container, current } = renderSections();
    click(byTestId(container, 'canvas-aspect-1:1'));
    const square = current.state.document.spec.canvas;
    expect(square.width).toBe(square.height);
    expect(byTestId(container, 'canvas-aspect-1:1').getAttribute('aria-pressed')).toBe('true');

    typeInto(byTestId<HTMLInputElement>(container, 'canvas-width'), '1001');
    click(byTestId(container, 'canvas-size-apply'));
    expect(byTestId(container, 'canvas-size-error').textContent).toContain('multiples of 8');
    expect(current.state.document.spec.canvas).toEqual(square);

    typeInto(byTestId<HTMLInputElement>(container, 'canvas-width'), '768');
    typeInto(byTestId<HTMLInputElement>(container, 'canvas-height'), '1344');
    click(byTestId(container, 'canvas-size-apply'));
    expect(current.state.document.spec.canvas).toMatchObject({ width: 768, height: 1344 });
    expect(container.querySelector('[data-testid="canvas-size-error"]')).toBeNull();
  });

  it('hides and shows a joint, rotates and scales the skeleton, and turns limb chains and snapping off', () => {
    const { container, current } = renderSections();
    const rows = allByTestId(container, 'joint-row');
    expect(rows).toHaveLength(18);
    expect(rows[16]!.textContent).toContain('Right ear');

    click(rows[16]!.querySelector<HTMLElement>('[data-testid="joint-visibility"]')!);
    expect(current.state.document.spec.pose!.keypoints[16]).toBeNull();
    expect(byTestId(container, 'joint-list-toggle').textContent).toBe('Joints (1 of 18 hidden)');
    click(allByTestId(container, 'joint-row')[16]!.querySelector<HTMLElement>('[data-testid="joint-visibility"]')!);
    expect(current.state.document.spec.pose!.keypoints[16]).not.toBeNull();

    const before = current.state.document.spec.pose!.keypoints[4]!;
    click(byTestId(container, 'pose-rotate-right'));
    expect(current.state.document.spec.pose!.keypoints[4]).not.toEqual(before);
    const rotated = current.state.document.spec.pose!.keypoints;
    click(byTestId(container, 'pose-scale-down'));
    expect(current.state.document.spec.pose!.keypoints).not.toEqual(rotated);

    click(byTestId(container, 'limb-chain-toggle'));
    click(byTestId(container, 'snapping-toggle'));
    expect(current.state.options).toMatchObject({ isLimbChainDraggingEnabled: false, isSnappingEnabled: false });
  });

  it('lists the layers top first, following the stacking order', () => {
    const state = createEditorState(makeDefaultTemplateSpec('sdxl'));
    expect(listLayersTopFirst(state)).toEqual(['guides', 'pose', 'lights', 'subjectFrame', 'reference']);
    expect(listLayersTopFirst(applyCommand(state, { type: 'moveLayer', layer: 'lights', direction: 'up' }))).toEqual(['guides', 'lights', 'pose', 'subjectFrame', 'reference']);
  });
});
