// Reads [{id, text, params: [names]}] as JSON on stdin and runs each statement through Neo4j's
// own Cypher 5 front end (parser and semantic analysis). Prints [{id, errors: [...]}].
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const statements = JSON.parse(Buffer.concat(chunks).toString('utf8'));

// Only Neo4j's built-in functions and procedures: a plugin's (APOC, GDS) would not exist.
const builtIn = (registry) =>
  Object.fromEntries(Object.entries(registry).filter(([, f]) => f.isBuiltIn));
const functions = { 'CYPHER 5': builtIn(testData.mockSchema.functions['CYPHER 5']) };
const procedures = { 'CYPHER 5': builtIn(testData.mockSchema.procedures['CYPHER 5']) };

const results = statements.map(({ id, text, params }) => {
  const parameters = Object.fromEntries(params.map((p) => [p, null]));
  const { diagnostics } = lintCypherQuery('CYPHER 5 ' + text, { functions, procedures, parameters });
  const errors = diagnostics
    .filter((d) => d.severity === 1)
    .map((d) => d.message);
  return { id, errors };
});
process.stdout.write(JSON.stringify(results));
