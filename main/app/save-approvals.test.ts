import { describe, expect, it } from 'vitest';
import { UNAPPROVED_SAVE_MESSAGE, createSaveApprovals, refuseUnapprovedSaves } from './save-approvals';

describe('createSaveApprovals', () => {
  it('lets each approved path through once, and nothing else', () => {
    const approvals = createSaveApprovals();
    approvals.approve('/home/user/a.pcapng');
    expect(approvals.take('/home/user/b.pcapng')).toBe(false);
    expect(approvals.take(42)).toBe(false);
    expect(approvals.take('/home/user/a.pcapng')).toBe(true);
    expect(approvals.take('/home/user/a.pcapng')).toBe(false);
  });

  it('forgets the oldest approvals beyond its bound', () => {
    const approvals = createSaveApprovals();
    for (let i = 0; i < 20; i++) approvals.approve(`/tmp/${i}.pcapng`);
    expect(approvals.take('/tmp/0.pcapng')).toBe(false);
    expect(approvals.take('/tmp/11.pcapng')).toBe(false);
    expect(approvals.take('/tmp/12.pcapng')).toBe(true);
    expect(approvals.take('/tmp/19.pcapng')).toBe(true);
  });
});

describe('refuseUnapprovedSaves', () => {
  it('judges only saveCapture', () => {
    const approvals = createSaveApprovals();
    const refuse = refuseUnapprovedSaves(approvals);
    expect(refuse('openCapture', ['/anything'])).toBeNull();
    expect(refuse('saveCapture', ['/home/user/.bashrc'])).toBe(UNAPPROVED_SAVE_MESSAGE);
    approvals.approve('/home/user/x.pcapng');
    expect(refuse('saveCapture', ['/home/user/x.pcapng'])).toBeNull();
  });
});
