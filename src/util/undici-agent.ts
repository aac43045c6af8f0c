// undici's connection pool, loaded on first use: undici is about 1 MB to parse and 20 MB of memory,
// which a drill that calls no API and fetches nothing never pays.
import type { Agent } from 'undici';

export async function undiciAgent(options: Agent.Options): Promise<Agent> {
  const undici = await import('undici');
  // undici is CommonJS: a bundled dynamic import may hold its exports under `default` only.
  const { Agent: AgentClass } = 'Agent' in undici ? undici : (undici as { default: typeof undici }).default;
  return new AgentClass(options);
}
