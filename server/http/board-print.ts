import type { Express, Request, Response } from 'express';
import type { Config } from '../config.js';
import { bearer, verifyPrintTicket, verifyToken } from '../auth/jwt.js';
import type { TokenVerdict, UserStatusCache } from '../auth/user-status.js';
import { DomainError, ErrorCode } from '../errors.js';
import type { Viewer } from '../graphql/context.js';
import { log } from '../logger.js';
import { createQueryRunner, type Driver } from '../queries/driver.js';
import { BoardRoutines, type BoardView } from '../services/routines/boards.service.js';

export interface BoardPrintDeps {
  config: Config;
  driver: Driver;
  /** The API's check of disabled accounts and changed roles, so a ticket stops with its account. */
  userStatus: UserStatusCache;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string | number | null | undefined) => String(s ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function monthDay(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

function weekTitle(b: BoardView): string {
  const [year, w] = b.week.split('-W');
  return `${year}年第${Number(w)}周（${monthDay(b.weekStart)}—${monthDay(b.weekEnd)}）`;
}

const stars = (n: number) => '★'.repeat(Math.max(0, Math.min(5, n))) + '☆'.repeat(Math.max(0, 5 - n));

const STYLE = `
@page { size: A3 portrait; margin: 14mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif; color: #1f1a17;
       background: #f3efe6; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.poster { width: 269mm; min-height: 392mm; margin: 0 auto; padding: 14mm 12mm; background: #fffdf8;
          border: 3mm solid #b3261e; display: flex; flex-direction: column; }
header { text-align: center; border-bottom: 1mm solid #b3261e; padding-bottom: 6mm; margin-bottom: 8mm; }
header .store { font-size: 16pt; letter-spacing: 0.3em; color: #6b5e55; }
header h1 { font-size: 44pt; margin: 3mm 0 2mm; color: #b3261e; letter-spacing: 0.15em; }
header .week { font-size: 18pt; }
.disclaimer { display: inline-block; margin-top: 4mm; padding: 1.5mm 5mm; border: 0.6mm solid #b3261e;
              color: #b3261e; font-size: 14pt; font-weight: bold; }
main { flex: 1; display: grid; grid-template-columns: 1fr 1fr; gap: 7mm; align-content: start; }
.entry { border: 0.4mm solid #d8cbb8; border-radius: 3mm; padding: 6mm; background: #fff; break-inside: avoid; }
.entry .stars { color: #d9a400; font-size: 16pt; letter-spacing: 0.1em; }
.entry blockquote { margin: 3mm 0 4mm; font-size: 15pt; line-height: 1.7; }
.entry .who { text-align: right; font-size: 13pt; color: #4a3f38; }
.entry .who strong { font-size: 15pt; color: #1f1a17; }
footer { margin-top: 8mm; border-top: 0.4mm solid #d8cbb8; padding-top: 4mm; font-size: 12pt; color: #4a3f38;
         text-align: center; line-height: 1.8; }
.hint { text-align: center; font: 11pt sans-serif; color: #6b5e55; margin: 4mm 0; }
@media print { body { background: none; } .hint { display: none; } .poster { margin: 0; } }
`;

/** The board as a Chinese A3 poster. Withdrawn entries are left out and counted; the disclaimer is always on. */
export function renderBoardPoster(b: BoardView): string {
  const shown = b.entries.filter((e) => !e.withdrawn);
  const cards = shown
    .map(
      (e) => `<section class="entry">
  <div class="stars" aria-label="${esc(e.rating)} 星">${stars(e.rating)}</div>
  <blockquote>“${esc(e.text)}”</blockquote>
  <div class="who">—— <strong>${esc(e.authorName)}</strong>${e.brand || e.model ? ` · ${esc([e.brand, e.model].filter(Boolean).join(' '))} 车主` : ''}</div>
</section>`,
    )
    .join('\n');
  const withdrawn = b.entries.length - shown.length;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>车主口碑墙 ${esc(b.week)} · ${esc(b.dealershipName ?? b.dealershipId)}</title>
<style>${STYLE}</style>
</head>
<body>
<p class="hint">按 Ctrl+P（Mac 上 ⌘P）打印，或选择“另存为 PDF”；纸张 A3 纵向。</p>
<article class="poster">
<header>
  <div class="store">${esc(b.dealershipName ?? b.dealershipId)}</div>
  <h1>车主真实评价</h1>
  <div class="week">本周精选 · ${esc(weekTitle(b))}</div>
  <div class="disclaimer">${esc(b.disclaimer)}</div>
</header>
<main>
${cards}
</main>
<footer>
  <div>本周共收到 ${esc(b.publishedReviewCount)} 条公开评价，此处精选展示 ${esc(shown.length)} 条；评价均经车主同意以真实姓名公开。</div>
  ${withdrawn > 0 ? `<div>另有 ${esc(withdrawn)} 条评价已由车主撤回，不再展示。</div>` : ''}
  <div>每周更换一次 · 往期口碑墙记录欢迎向销售顾问索取查阅</div>
</footer>
</article>
</body>
</html>`;
}

function message(res: Response, status: number, zh: string, en: string): void {
  res
    .status(status)
    .type('html')
    .send(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(zh)}</title></head><body><p>${esc(zh)}</p><p>${esc(en)}</p></body></html>`);
}

/**
 * GET /boards/:id/print: the board as a printable A3 poster. Needs a session token in the Authorization header, or
 * in `?ticket=` a print ticket made for this board (`Board.printUrl`), so a browser tab can open it without putting
 * the session token in the URL; the viewer sees only boards of dealerships they may read.
 */
export function mountBoardPrint(app: Express, deps: BoardPrintDeps): void {
  app.get('/boards/:id/print', async (req: Request, res: Response) => {
    // the ticket sits in the URL: keep the page out of caches and referrers
    res.set({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    const boardId = String(req.params.id);
    const token = bearer(req.headers.authorization);
    const ticket = typeof req.query.ticket === 'string' ? req.query.ticket : null;
    if (!token && !ticket) return message(res, 401, '请先登录', 'Sign in first');
    const secret = deps.config.auth.jwtSecret;
    const claims = token ? await verifyToken(token, secret) : await verifyPrintTicket(ticket!, boardId, secret);
    if (!claims) {
      return token
        ? message(res, 401, '登录已失效，请重新登录', 'The sign-in token is invalid or has expired')
        : message(res, 401, '打印链接已失效，请回到口碑榜页面重新打开', 'The print link is invalid or has expired: open it again from the board screen');
    }
    let verdict: TokenVerdict;
    try {
      verdict = await deps.userStatus.verdict(claims);
    } catch {
      return message(res, 503, '暂时无法连接数据库，请稍后再试', 'The database is not reachable right now; try again shortly');
    }
    if (verdict !== 'ok') return message(res, 401, '账号已停用或权限已变更，请重新登录', 'The account is disabled or its role has changed: sign in again');
    const viewer: Viewer = { userId: claims.sub, username: claims.username, role: claims.role, dealershipId: claims.dealershipId };
    try {
      const db = createQueryRunner(deps.driver, deps.config.neo4j.database);
      const board = await new BoardRoutines(db, viewer).board(boardId);
      if (!board) return message(res, 404, '没有找到这块口碑墙', 'Board not found');
      res.status(200).type('html').send(renderBoardPoster(board));
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.BAD_USER_INPUT) return message(res, 400, '请求有误', err.message);
      log.error('board print failed', { error: err instanceof Error ? err.message : String(err) });
      message(res, 500, '暂时无法生成海报，请稍后再试', 'Internal server error');
    }
  });
}
