import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../gql/index.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { DealershipSelect, useDealerships } from '../ui/dealership-select.js';
import { ErrorPanel } from '../ui/status.js';
import { uploadProblems, type Picked } from './import-files.js';

const ImportData = graphql(`
  mutation ImportData($files: [CsvFileInput!]!, $dealershipId: ID) {
    importData(files: $files, dealershipId: $dealershipId) {
      rows
      ties
      ms
      warnings
      files {
        file
        rows
        created
      }
    }
  }
`);

/** CSV files into the graph, for admins: validated as a whole on the server, nothing written unless all is valid. */
export function DataImportScreen() {
  const { t, num } = useI18n();
  const stores = useDealerships();
  const [store, setStore] = useState('');
  const [files, setFiles] = useState<Picked[]>([]);
  const [tried, setTried] = useState(false);
  const [result, upload] = useMutation(ImportData);
  const problems = uploadProblems(files);

  async function pick(e: ChangeEvent<HTMLInputElement>): Promise<void> {
    const list = Array.from(e.target.files ?? []);
    setFiles(await Promise.all(list.map(async (f) => ({ name: f.name, content: await f.text() }))));
    setTried(false);
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setTried(true);
    if (problems.length > 0) return;
    await upload({ files, dealershipId: store || null });
  }

  const report = result.data?.importData;
  return (
    <section className="screen">
      <h1>{t('import.title')}</h1>
      <form className="panel import-form" onSubmit={submit}>
        <p className="muted small">{t('import.explain')}</p>
        <DealershipSelect options={stores} value={store} onChange={setStore} allLabel={t('import.storeFromFiles')} />
        <label className="field">
          <span>{t('import.files')}</span>
          <input type="file" name="files" accept=".csv,text/csv" multiple onChange={(e) => void pick(e)} />
        </label>
        {files.length > 0 && (
          <ul className="small" data-testid="import-files">
            {files.map((f) => (
              <li key={f.name}>
                {f.name} · {t('import.lines', { n: num(Math.max(0, f.content.split('\n').filter((l) => l.trim() !== '').length - 1)) })}
              </li>
            ))}
          </ul>
        )}
        {tried && problems.length > 0 && (
          <ul className="field-error" role="alert">
            {problems.map((p) => (
              <li key={p.key}>{t(p.key, p.values)}</li>
            ))}
          </ul>
        )}
        {result.error && <ErrorPanel error={result.error} />}
        <button type="submit" className="btn btn-primary" disabled={result.fetching || files.length === 0} data-testid="import-submit">
          {result.fetching ? t('import.running') : t('import.submit')}
        </button>
      </form>
      {report && !result.fetching && (
        <section className="panel" aria-labelledby="import-report-title" data-testid="import-report">
          <h2 id="import-report-title">{t('import.done', { rows: num(report.rows), seconds: num(report.ms / 1000, 1) })}</h2>
          <table className="table small">
            <thead>
              <tr>
                <th scope="col">{t('import.file')}</th>
                <th scope="col">{t('import.rows')}</th>
                <th scope="col">{t('import.created')}</th>
              </tr>
            </thead>
            <tbody>
              {report.files.map((f) => (
                <tr key={f.file} data-file={f.file}>
                  <td>{f.file}</td>
                  <td className="tabular">{num(f.rows)}</td>
                  <td className="tabular">{num(f.created)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.warnings.length > 0 && (
            <ul className="small muted">
              {report.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <p className="muted small">
            {t('import.after')} <Link to="/search">{t('nav.search')}</Link>
          </p>
        </section>
      )}
    </section>
  );
}
