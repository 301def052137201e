import type { CodegenConfig } from '@graphql-codegen/cli';

// TypeScript types for every operation the studio sends, generated from the API's schema file
// (apps/api/schema.graphql, kept equal to the live schema by the API's contract test) and the
// /* GraphQL */ documents in src/**/*.graphql.ts. `npm run codegen` here (or `npm run
// graphql:update` at the root) regenerates src/gql; `npm test` fails when it is out of date.
const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['src/**/*.graphql.ts'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
