export async function main(argv: string[]): Promise<number> {
  process.stderr.write(`pickdriver-vault ${argv.join(' ')}: not built yet\n`);
  return 2;
}
