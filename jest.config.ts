import { getJestProjectsAsync } from '@nx/jest';

// Every project's unit tests in one Jest run (what `nx run-many -t test` runs project by project).
export default async () => ({ projects: await getJestProjectsAsync() });
