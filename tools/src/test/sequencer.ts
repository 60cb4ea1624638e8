import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Vitest's order, but each group's end-to-end files (`*.e2e.test.ts`) first. They are the longest
 * files and mostly wait on real time; started last, they would keep one worker busy alone at the
 * end of the run while the other has nothing left to take.
 */
export class EndToEndFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter(isEndToEnd), ...sorted.filter((file) => !isEndToEnd(file))];
  }
}

function isEndToEnd(file: TestSpecification): boolean {
  return file.moduleId.endsWith('.e2e.test.ts');
}
