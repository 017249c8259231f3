#!/usr/bin/env bash
# Scaffolds a project's project.json and jest.config.ts.
# Usage: new-project.sh <dir> <name> <scope> <type> [app]
set -euo pipefail
dir=$1 name=$2 scope=$3 type=$4 kind=${5:-library}
depth=$(awk -F/ '{print NF}' <<<"$dir")
up=$(printf '../%.0s' $(seq 1 "$depth"))
mkdir -p "$dir/src"
cat >"$dir/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "${up}node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$dir/src",
  "projectType": "$kind",
  "tags": ["scope:$scope", "type:$type"],
  "targets": {
    "test": { "executor": "@nx/jest:jest", "options": { "jestConfig": "$dir/jest.config.ts", "passWithNoTests": false } },
    "lint": { "executor": "@nx/eslint:lint" }
  }
}
JSON
cat >"$dir/jest.config.ts" <<TS
export default {
  displayName: '$name',
  preset: '${up}jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testPathIgnorePatterns: ['\\\\.integration\\\\.spec\\\\.ts\$'],
};
TS
