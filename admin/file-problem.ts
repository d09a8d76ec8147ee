/** A problem in a definition file (a connector, an ingest, a dashboard): the file, a JSON pointer into it (empty: the whole file), one sentence. */
export interface FileProblem {
  readonly file: string;
  readonly pointer: string;
  readonly problem: string;
}

/** "connectors/x.json /config/topics: is required", or "file: problem" for the whole file. */
export const formatFileProblem = (problem: FileProblem): string =>
  problem.pointer ? `${problem.file} ${problem.pointer}: ${problem.problem}` : `${problem.file}: ${problem.problem}`;
