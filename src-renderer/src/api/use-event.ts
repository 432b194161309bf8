// Subscribes a component to one kind of pushed event for as long as it is mounted.
import { useEffect, useRef } from 'react';
import type { ApiEventOf, ApiEventType } from '../../../src-shared/api/events';
import { useApi } from './api-context';

export function useApiEvent<T extends ApiEventType>(type: T, handler: (event: ApiEventOf<T>) => void): void {
  const api = useApi();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => api.on(type, (event) => latest.current(event)), [api, type]);
}
