// Renders a component under an ApiProvider with a fake API and an open connection.
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ApiProvider } from '../../src-renderer/src/api/api-context';
import { fixedConnection, type Connection } from '../../src-renderer/src/api/connection';
import './async-timeout';
import type { FakeIslandApi } from './fake-api';

export function renderWithApi(ui: ReactElement, api: FakeIslandApi, connection: Connection = fixedConnection({ kind: 'open', epoch: 1 })): RenderResult {
  return render(
    <ApiProvider api={api} connection={connection}>
      {ui}
    </ApiProvider>,
  );
}
