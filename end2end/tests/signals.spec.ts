import { test, expect, Page } from '@playwright/test';
import { LEADER, MEMBER, hydrated, logIn, logOut, nav } from './support';

/** A client of the signed-in member that they logged nothing about yet. */
async function freshClient(page: Page, avoid: string[] = []): Promise<string> {
  await page.goto('/signals');
  await hydrated(page);
  // The form starts in the team where the person carries most clients: Wijkteam Noord.
  await expect(page.getByTestId('signal-team')).toHaveValue(/\d+/);
  await expect(page.getByTestId('signal-team').locator('option:checked')).toHaveText('Wijkteam Noord');
  const used = await page.getByTestId('own-signal').locator('td:nth-child(2)').allTextContents();
  const options = await page.getByTestId('signal-client').locator('option').allTextContents();
  const code = options.slice(1).find((c) => !used.includes(c) && !avoid.includes(c));
  expect(code, 'a client without signals').toBeTruthy();
  return code!;
}

async function logStuck(page: Page, code: string, opts: { moral?: boolean; visibility?: string } = {}) {
  await page.getByTestId('stuck-button').click();
  const dialog = page.getByTestId('stuck-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('signal-client').selectOption({ label: code });
  await dialog.getByTestId('signal-intensity').getByRole('radio', { name: '7', exact: true }).check();
  if (opts.moral) await dialog.getByTestId('signal-moral').check();
  if (opts.visibility) await dialog.getByTestId('signal-visibility').getByRole('radio', { name: opts.visibility, exact: true }).check();
  await dialog.getByTestId('signal-save').click();
  await expect(dialog.getByTestId('signal-saved')).toBeVisible();
  await dialog.getByRole('button', { name: 'Sluiten' }).click();
  await expect(dialog).toHaveCount(0);
}

test('a professional logs three stuck moments on one client, gets a private proposal the leader does not see, and accepts it', async ({ page }) => {
  await logIn(page, MEMBER);
  const code = await freshClient(page);
  // The prompts are there, never in the way; a missing intensity is reported at the field.
  await page.getByTestId('stuck-button').click();
  const dialog = page.getByTestId('stuck-dialog');
  await expect(dialog.getByTestId('signal-prompts').locator('li')).toHaveCount(2);
  await dialog.getByTestId('signal-note').fill('Ik merk dat ik dit contact uitstel.');
  await dialog.getByTestId('signal-save').click();
  await expect(dialog.getByTestId('error-intensity')).toContainText('Vul dit veld in.');
  await expect(dialog.getByTestId('signal-note')).toHaveValue('Ik merk dat ik dit contact uitstel.');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  for (let i = 0; i < 3; i++) await logStuck(page, code);

  await nav(page, 'Voorstellen');
  const mine = page.getByTestId('inbox-mine').getByTestId('proposal').filter({ hasText: code });
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText(`3 vastloopmomenten rond ${code} in de laatste 6 weken`);
  await expect(mine).toContainText('Alleen jij ziet dit voorstel.');

  await logOut(page);
  await logIn(page, LEADER);
  await nav(page, 'Voorstellen');
  await expect(page.getByTestId('inbox-team')).toBeVisible();
  await expect(page.getByTestId('proposal').filter({ hasText: code })).toHaveCount(0);
  await nav(page, 'Teamsignalen');
  await expect(page.getByText(code)).toHaveCount(0);

  await logOut(page);
  await logIn(page, MEMBER);
  await nav(page, 'Voorstellen');
  const proposal = page.getByTestId('inbox-mine').getByTestId('proposal').filter({ hasText: code });
  await proposal.getByTestId('accept').click();
  // Accepted proposals move to "decided earlier", kept with the decision.
  const done = page.getByTestId('inbox-done');
  await done.getByText('Eerder besloten').click();
  const accepted = done.getByTestId('proposal').filter({ hasText: code });
  await expect(accepted).toHaveAttribute('data-status', 'accepted');
  await expect(accepted).toContainText('Geaccepteerd, nog in te plannen');
});

test('a moral dilemma shared with the leader becomes a moreel beraad proposal in their inbox', async ({ page }) => {
  await logIn(page, MEMBER);
  const code = await freshClient(page);
  await logStuck(page, code, { moral: true, visibility: 'Ik en mijn teamleider' });
  await logOut(page);

  await logIn(page, LEADER);
  await nav(page, 'Voorstellen');
  const proposal = page.getByTestId('inbox-team').getByTestId('proposal').filter({ hasText: code });
  await expect(proposal).toHaveCount(1);
  await expect(proposal).toHaveAttribute('data-proposes', 'moral_deliberation');
  await expect(proposal.getByRole('heading')).toHaveText('Moreel beraad');
  await expect(proposal).toContainText(`Een moreel dilemma rond ${code}`);
  // The leader sees that it exists, never the note.
  await nav(page, 'Teamsignalen');
  await expect(page.getByTestId('shared-signals')).toContainText(code);
});

test('the leader changes a limit and the preview updates before saving', async ({ page }) => {
  await logIn(page, LEADER);
  await nav(page, 'Drempels');
  const count = page.getByTestId('preview-count');
  await expect(count).toHaveAttribute('data-count', /\d+/);
  const before = Number(await count.getAttribute('data-count'));

  const threshold = page.getByTestId('threshold-signals_on_client');
  await threshold.fill('1');
  await expect(page.getByTestId('limits-unsaved')).toBeVisible();
  await expect.poll(async () => Number(await count.getAttribute('data-count'))).toBeGreaterThan(before);

  await threshold.fill('veel');
  await expect(count).toHaveAttribute('data-count', '');
  await expect(page.getByTestId('limit-signals_on_client')).toContainText('Deze waarde valt buiten het toegestane bereik.');

  await threshold.fill('2');
  await page.getByTestId('save-limits').click();
  await expect(page.getByTestId('limits-saved')).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('threshold-signals_on_client')).toHaveValue('2');
});

test('the leader sees the team trend without weeks below the anonymity floor', async ({ page }) => {
  await logIn(page, LEADER);
  await nav(page, 'Teamsignalen');
  const chart = page.getByTestId('trend-kind');
  await expect(chart).toBeVisible();
  await expect(chart.getByTestId('trend-week')).toHaveCount(12);
  await expect(chart.locator('[data-testid="trend-week"][data-hidden="false"]').first()).toBeVisible();
  await expect(page.getByTestId('trend-strain')).toBeVisible();
});

test('an author deletes a signal with its note, and it is gone from their page', async ({ page }) => {
  await logIn(page, MEMBER);
  const code = await freshClient(page);
  await page.getByTestId('stuck-button').click();
  const dialog = page.getByTestId('stuck-dialog');
  await dialog.getByTestId('signal-client').selectOption({ label: code });
  await dialog.getByTestId('signal-intensity').getByRole('radio', { name: '5', exact: true }).check();
  await dialog.getByTestId('signal-note').fill('Kraanvogel: dit wil ik weer kwijt.');
  await dialog.getByTestId('signal-save').click();
  await expect(dialog.getByTestId('signal-saved')).toBeVisible();
  await dialog.getByRole('button', { name: 'Sluiten' }).click();
  await page.reload();
  await hydrated(page);
  const row = page.getByTestId('own-signal').filter({ hasText: 'Kraanvogel' });
  await expect(row).toHaveCount(1);
  await row.getByTestId('delete-signal').click();
  await row.getByRole('button', { name: 'Definitief verwijderen' }).click();
  await expect(page.getByTestId('signal-deleted')).toBeVisible();
  await expect(page.getByTestId('own-signal').filter({ hasText: 'Kraanvogel' })).toHaveCount(0);
  await page.reload();
  await expect(page.getByText('Kraanvogel')).toHaveCount(0);
});
