import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the client from the printed schema the API serves. `npm run codegen` writes
// web/src/gql/ (committed); web/src/gql-drift.test.ts fails when it is out of date.
// QUANZI_CODEGEN_OUT lets that test generate into a temporary folder and compare.
const out = process.env.QUANZI_CODEGEN_OUT ?? 'web/src/gql/';

const config: CodegenConfig = {
  schema: 'schema/generated/merged.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**', '!web/src/**/*.test.{ts,tsx}'],
  ignoreNoDocuments: true,
  generates: {
    [out]: {
      preset: 'client',
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'getFragmentData' } },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        onlyOperationTypes: true,
        scalars: { Date: 'string', DateTime: 'string', BigInt: 'number', Long: 'number' },
      },
    },
  },
};

export default config;
