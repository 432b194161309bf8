// The machines these tests run on are shared and often busy: findBy/waitFor get five seconds
// before they call a slow render a failure (the default is one). Imported by every renderer test
// through render.tsx (app.test.tsx imports it directly).
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 5000 });
