/*
 * The plugin's repository root. This package is a workspace of it (packages/dev-kit), and node resolves the
 * workspace link in node_modules to this real path, so the root is three folders up from src/.
 */
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');
