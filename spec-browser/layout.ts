// Layout and accessibility at one window width (issue 15, defects 7 and 10): nothing spills out of its
// panel or the window, no select or chart title is cut, the network sits beside the output where there
// is room, and every control and canvas has a name.
import type { Page } from 'playwright-core';
import { check, inRoot } from './harness.ts';

export async function layoutChecks(page: Page, width: number): Promise<void> {
  const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(pageOverflow <= 0, `${width} px: the page does not scroll sideways (overflow ${pageOverflow} px)`);
  const spill = await inRoot(page, (root) => {
    const out: string[] = [];
    for (const box of Array.from(root.querySelectorAll('.bar, .training, .col, .research, .teacher, .view'))) {
      const b = box.getBoundingClientRect();
      if (box.getClientRects().length === 0) continue;
      for (const el of Array.from(box.querySelectorAll('*'))) {
        if (el.getClientRects().length === 0 || el.closest('svg') || el.closest('.hover')) continue;
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.right > b.right + 1 || r.left < b.left - 1)) out.push(`${el.tagName.toLowerCase()}#${el.id || el.className} in .${(box as HTMLElement).className.split(' ')[0]}`);
      }
    }
    return out;
  }, null);
  check(spill.length === 0, `${width} px: no element sticks out of its panel${spill.length ? ` (${spill.slice(0, 4).join('; ')})` : ''}`);
  const cut = await inRoot(page, (root) => {
    const out: string[] = [];
    const ctx = document.createElement('canvas').getContext('2d')!;
    for (const s of Array.from(root.querySelectorAll('select'))) {
      if (s.getClientRects().length === 0) continue;
      const style = getComputedStyle(s);
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = s.selectedOptions[0]?.text ?? '';
      if (ctx.measureText(text).width + 22 > s.clientWidth) out.push(`select#${s.id} "${text}"`);
    }
    for (const b of Array.from(root.querySelectorAll('button'))) {
      if (b.getClientRects().length > 0 && b.scrollWidth > b.clientWidth) out.push(`button "${b.textContent}"`);
    }
    for (const c of Array.from(root.querySelectorAll('canvas'))) {
      if (c.dataset.clipped) out.push(`chart title "${c.dataset.clipped}"`);
    }
    return out;
  }, null);
  check(cut.length === 0, `${width} px: no select, button text or chart title is cut${cut.length ? ` (${cut.slice(0, 4).join('; ')})` : ''}`);
  const placement = await inRoot(page, (root) => {
    const net = root.querySelector('.network')!.getBoundingClientRect();
    const out = root.querySelector('.output')!.getBoundingClientRect();
    return { beside: out.left >= net.right - 1 && out.top < net.bottom && net.top < out.bottom, above: out.bottom <= net.top + 1 };
  }, null);
  if (width >= 1000) check(placement.beside, `${width} px: the network diagram and the output sit side by side`);
  else check(placement.above, `${width} px: one column, the output first`);
  const unnamed = await inRoot(page, (root) => {
    const out: string[] = [];
    for (const el of Array.from(root.querySelectorAll('input, select, button, textarea'))) {
      const e = el as HTMLInputElement;
      const name = (e.getAttribute('aria-label') ?? '').trim() || Array.from(e.labels ?? []).map((l) => l.textContent ?? '').join('').trim() || (el.tagName === 'BUTTON' ? (el.textContent ?? '').trim() : '');
      if (name === '') out.push(`${el.tagName.toLowerCase()}#${el.id}`);
    }
    for (const c of Array.from(root.querySelectorAll('canvas'))) {
      if (c.closest('.node')) continue; // neuron thumbnails: their button or box carries the name
      if (c.getAttribute('role') !== 'img' || (c.getAttribute('aria-label') ?? '').trim() === '') out.push(`canvas#${c.id}`);
    }
    return out;
  }, null);
  check(unnamed.length === 0, `${width} px: every control has an accessible name and every chart a text alternative${unnamed.length ? ` (missing: ${unnamed.join(', ')})` : ''}`);
}
