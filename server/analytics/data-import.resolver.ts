import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { AppContext } from '../graphql/context.js';
import { importUploadedFiles } from '../data/import-api.js';

@InputType({ description: 'One file of the interchange format (docs/data-format.md), e.g. people.csv, as text' })
export class CsvFileInput {
  @Field(() => String, { description: 'people.csv, ties.csv, …' })
  name!: string;

  @Field(() => String, { description: 'The whole UTF-8 CSV text, header first' })
  content!: string;
}

@ObjectType({ description: 'Rows read and records created for one file' })
export class ImportFileCount {
  @Field(() => String)
  file!: string;

  @Field(() => Int)
  rows!: number;

  @Field(() => Int, { description: 'Records that did not exist before; 0 when the same file is imported again' })
  created!: number;
}

@ObjectType({ description: 'What an import wrote' })
export class ImportReport {
  @Field(() => [ImportFileCount])
  files!: ImportFileCount[];

  @Field(() => Int)
  rows!: number;

  @Field(() => Int)
  ties!: number;

  @Field(() => Int, { description: 'Milliseconds spent validating and loading' })
  ms!: number;

  @Field(() => [String])
  warnings!: string[];
}

@Resolver()
export class DataImportResolver {
  @Authorized('admin')
  @Mutation(() => ImportReport, {
    description:
      'Imports CSV files (admins). Everything is validated first: any error answers BAD_USER_INPUT with line-numbered messages and writes nothing.',
  })
  async importData(
    @Arg('files', () => [CsvFileInput]) files: CsvFileInput[],
    @Arg('dealershipId', () => ID, { nullable: true }) dealershipId: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<ImportReport> {
    const r = await importUploadedFiles(ctx.db, ctx.viewer, files, dealershipId ?? null, {
      recomputeInfluence: ctx.config.influenceAfterImport,
      followUpDays: ctx.config.followUpDays,
    });
    return { files: r.files, rows: r.rows, ties: r.ties, ms: r.validateMs + r.loadMs, warnings: r.warnings };
  }
}
