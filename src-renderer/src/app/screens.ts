// The dashboard's screens, in nav order. Overview is in the main bundle (it is the first paint and
// small); the others load on first visit, so recharts and zod are not part of the first paint.
import { lazy, type ComponentType } from 'react';
import OverviewScreen from '../screens/overview/OverviewScreen';

export interface ScreenEntry {
  id: string;
  label: string;
  component: ComponentType;
}

export const SCREENS: readonly ScreenEntry[] = [
  { id: 'overview', label: 'Overview', component: OverviewScreen },
  { id: 'availability', label: 'Availability', component: lazy(() => import('../screens/availability/AvailabilityScreen')) },
  { id: 'prices', label: 'Prices', component: lazy(() => import('../screens/prices/PricesScreen')) },
  { id: 'karma', label: 'Karma', component: lazy(() => import('../screens/karma/KarmaScreen')) },
  { id: 'estimator', label: 'Earnings estimator', component: lazy(() => import('../screens/estimator/EstimatorScreen')) },
  { id: 'pairing', label: 'Pairing', component: lazy(() => import('../screens/pairing/PairingScreen')) },
  { id: 'jobs', label: 'Jobs', component: lazy(() => import('../screens/jobs/JobsScreen')) },
  { id: 'storage', label: 'Models and images', component: lazy(() => import('../screens/storage/StorageScreen')) },
  { id: 'hardware', label: 'Hardware', component: lazy(() => import('../screens/hardware/HardwareScreen')) },
  { id: 'logs', label: 'Logs', component: lazy(() => import('../screens/logs/LogsScreen')) },
  { id: 'settings', label: 'Settings', component: lazy(() => import('../screens/settings/SettingsScreen')) },
];

export const DEFAULT_SCREEN = 'overview';

export function findScreen(id: string): ScreenEntry {
  return SCREENS.find((s) => s.id === id) ?? (SCREENS[0] as ScreenEntry);
}
