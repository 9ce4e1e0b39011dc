import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CsvImportJob } from '@storefleet/contracts';
import type { Query } from '@storefleet/web-client';
import { useApi } from '../session.js';
import { ErrorMessage } from './status.js';
import { downloadName, progressOf, rowsIn, type CsvResource } from '../logic/csv-import.js';

/** How often a running import is asked how far it got. */
const POLL_MS = 500;

/** Downloads `/api/<resource>/export` with the page's filters (through the client, so with the admin's token). */
export function ExportButton({ resource, query }: { resource: CsvResource; query?: Query }) {
  const api = useApi();
  const download = useMutation({
    mutationFn: async () => {
      const response = await api.send('GET', `/api/${resource}/export`, { query, headers: { accept: 'text/csv' } });
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = downloadName(response.headers.get('content-disposition'), resource);
      link.click();
      // The click has started the download; the URL is not needed after this task.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    },
  });
  return (
    <>
      <button type="button" disabled={download.isPending} onClick={() => download.mutate()}>
        {download.isPending ? 'Exporting…' : 'Export CSV'}
      </button>
      <ErrorMessage error={download.error} title="Not exported" />
    </>
  );
}

/** An Import CSV button opening a dialog: pick a file, send it, follow the job, then read its per-line errors. */
/** The page's list queries are keyed by the resource's name (['products', …]): they are read again after an import. */
export function ImportButton({ resource }: { resource: CsvResource }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [key, setKey] = useState(0);
  return (
    <>
      <button type="button" onClick={() => { setKey(key + 1); dialog.current?.showModal(); }}>
        Import CSV
      </button>
      <dialog ref={dialog} aria-labelledby={`import-${resource}-title`}>
        {/* A fresh form at each opening: the last import's report is not shown again. */}
        <ImportForm key={key} resource={resource} onClose={() => dialog.current?.close()} />
      </dialog>
    </>
  );
}

function ImportForm({ resource, onClose }: { resource: CsvResource; onClose: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState(0);
  const upload = useMutation({
    mutationFn: async (file: File) => {
      setRows(rowsIn(await file.text()));
      const response = await api.send('POST', `/api/${resource}/import`, { body: file, headers: { 'content-type': 'text/csv' } });
      return (await response.json()) as CsvImportJob;
    },
  });
  const jobId = upload.data?.id;
  const job = useQuery({
    queryKey: ['import', resource, jobId],
    queryFn: () => api.get<CsvImportJob>(`/api/${resource}/imports/${jobId}`),
    enabled: Boolean(jobId),
    initialData: upload.data,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? POLL_MS : false),
  });
  const current = job.data;
  const finished = current && current.status !== 'running';
  // The page behind the dialog lists what the import changed: read it again once the job ends.
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: [resource] });
  }, [finished, queryClient, resource]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('file');
    if (file instanceof File && file.size > 0) upload.mutate(file);
  }

  return (
    <form method="dialog" onSubmit={submit} aria-label={`Import ${resource}`}>
      <h2 id={`import-${resource}-title`}>Import {resource} from CSV</h2>
      <p className="muted">UTF-8, comma-separated, with a header row; rows update the records with the same key and create the others. A bad row changes nothing; the others are applied.</p>
      <label className="field">
        <span>CSV file</span>
        <input name="file" type="file" accept=".csv,text/csv" required disabled={Boolean(jobId)} />
      </label>
      <ErrorMessage error={upload.error} title="Not imported" />
      <ErrorMessage error={job.error} title="Progress unknown" />
      {current ? (
        <div role="status" aria-live="polite" data-testid="import-status">
          <label className="field">
            <span>{finished ? `Import ${current.status}` : 'Importing…'}: {current.rows_done} rows read</span>
            <progress value={progressOf(current, rows)} max={1} />
          </label>
          <p>
            {current.created} created, {current.updated} updated, {current.unchanged} unchanged, {current.failed} failed
          </p>
        </div>
      ) : null}
      {finished && current.errors.length > 0 ? (
        <div className="table-wrap">
          <table aria-label="Rows not imported">
            <thead>
              <tr>
                <th className="num">Line</th>
                <th>Column</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {current.errors.map((e) => (
                <tr key={`${e.line}:${e.column}:${e.reason}`}>
                  <td className="num">{e.line}</td>
                  <td>{e.column ?? '(the row)'}</td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="actions">
        {jobId ? null : (
          <button type="submit" className="primary" disabled={upload.isPending}>
            {upload.isPending ? 'Sending…' : 'Import'}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {finished ? 'Done' : 'Close'}
        </button>
      </div>
    </form>
  );
}
