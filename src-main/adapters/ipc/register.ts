import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { opNames } from '../../modules/index.ts';
import type { AppErrorData } from '../../domain/errors.ts';
import type { ServiceContext } from '../../services/context.ts';
import { dispatch, toErrorData } from '../dispatch.ts';
import { channelOf, isAllowedUrl } from './channels.ts';

// The Electron adapter: one ipcMain.handle per contract operation, each on its own fixed channel.
// No generic channel exists, so a name outside the table has nothing to reach. Every call first
// checks that it comes from a frame of our own origin (a frame that navigated elsewhere, or a
// destroyed frame, is refused).

export type Envelope = { ok: true; result: unknown } | { ok: false; error: AppErrorData };
export type SenderCheck = (frame: Pick<WebFrameMain, 'url'> | null | undefined) => boolean;

export const FOREIGN_SENDER_ERROR: AppErrorData = { code: 'FORBIDDEN', message: '拒绝来自非本程序页面的调用' };

export function senderCheck(allowedOrigins: readonly string[]): SenderCheck {
  return (frame) => {
    if (!frame) return false;
    try {
      return isAllowedUrl(frame.url, allowedOrigins);
    } catch {
      return false; // a frame that is gone throws on access
    }
  };
}

/** registers every contract operation; returns the channels, in contract order */
export function registerContract(
  ipcMain: Pick<IpcMain, 'handle'>,
  ctx: ServiceContext,
  isAllowedSender: SenderCheck,
  names: readonly string[] = opNames,
): string[] {
  return names.map((name) => {
    const channel = channelOf(name);
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown): Promise<Envelope> => {
      if (!isAllowedSender(event.senderFrame)) return { ok: false, error: FOREIGN_SENDER_ERROR };
      try {
        return { ok: true, result: await dispatch(ctx, name, input) };
      } catch (e) {
        return { ok: false, error: toErrorData(e) };
      }
    });
    return channel;
  });
}
