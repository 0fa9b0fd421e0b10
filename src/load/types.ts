/** What a load is asked to do (the options of compose-go's loader and of `docker compose config`) and what it gives back. */
import type { Diagnostic, Location } from '../diagnostics.js';
import type { Budgets } from '../limits.js';
import type { YamlLimits } from '../yaml/parse.js';
import type { DefaultValues } from '../normalize/defaults.js';
import type { EnvFileParser } from '../interpolate/env-formats.js';
import type { Tree, TreeObject } from '../yaml/located.js';

export interface LoadOptions {
  /** `--no-interpolate` */
  noInterpolate?: boolean;
  /** `-p`: wins over `name:` and COMPOSE_PROJECT_NAME */
  projectName?: string;
  /** name used when nothing else names the project (Compose uses the directory name) */
  defaultProjectName?: string;
  /** skip JSON-schema validation of each file (the validate route runs it itself, once per file) */
  skipSchema?: boolean;
  /** work budgets (src/limits.ts); the defaults for those not given */
  budgets?: Partial<Budgets>;
  /** the YAML budgets under their former names (`budgets` wins) */
  yamlLimits?: YamlLimits;
  /** compose-go SkipNormalization: no default network, no project-prefixed names */
  skipNormalization?: boolean;
  /** compose-go SkipConsistencyCheck: no checks of references between resources */
  skipConsistencyCheck?: boolean;
  /** active profiles (overrides the environment spec and COMPOSE_PROFILES) */
  profiles?: string[];
  /** `docker compose config SERVICE...`: only these services, their dependencies and the resources they use */
  services?: string[];
  /** keep `env_file` in the model (compose-go's library default); `docker compose config` drops it */
  keepEnvFiles?: boolean;
  /**
   * keep networks, volumes, secrets, configs and models no enabled service uses (compose-go's library
   * default, `docker compose --all-resources`); by default they are dropped as `docker compose` does
   */
  allResources?: boolean;
  /** bundle directory that relative paths resolve against (default: the first file's directory) */
  workingDir?: string;
  /**
   * interpolation finds a variable not set under the name written under the same name in another case
   * (`${path}` reads `PATH`), as compose-go does on Windows (isCaseInsensitiveEnvVars); default: true
   * when compose-review itself runs on Windows, false elsewhere. Only interpolation: `environment:
   * [VAR]` and env files read variables by their exact name, as in compose-go.
   */
  caseInsensitiveEnv?: boolean;
  /**
   * default-value transformers by path pattern, registered over compose-go's own (its
   * transform.RegisterDefaultValue): `[['services.*.ports.*', (port, path) => ...]]`
   */
  defaultValues?: DefaultValues;
  /**
   * env_file formats by name, beside compose-go's `.env` and docker compose's `raw` (compose-go's
   * dotenv.RegisterFormat): each sets the variables of the file's text into `vars`, looking variables
   * it does not set up with `lookup`; an Error it throws is the file's error, at the env_file entry
   */
  envFileFormats?: Record<string, EnvFileParser>;
  /** honour COMPOSE_PROJECT_NAME from the environment, as the docker compose CLI does (default true) */
  projectNameFromEnv?: boolean;
  /**
   * 'model': stop after the merge (compose-go loadYamlModel), before environment resolution and shapes;
   * 'raw': compose-go's LoadModel, what `docker compose config --no-interpolate` prints: the model
   * checked (without the consistency checks) and normalized, never made a project (no profiles, no
   * env_file reading, no Go shapes), and without secret values
   */
  stage?: 'model' | 'raw' | 'project';
}

export interface LoadedProject {
  name: string;
  /** canonical model; undefined when the project cannot be loaded (see diagnostics) */
  model?: TreeObject;
  files: string[];
  /** the variables the project was interpolated with (env over env files) */
  environment: Record<string, string>;
  profiles: string[];
  /** services not enabled by the active profiles (or not selected by `services`) */
  disabledServices: string[];
  /**
   * those services' definitions, by name (compose-go's Project.DisabledServices), as the model holds
   * its services before their Go shapes and env files: what src/project's operations enable again
   */
  disabled: TreeObject;
  /** every bundle file merged into the model: the -f files and what they include or extend */
  sources: string[];
  /**
   * the first YAML document of each file of `sources`, as parsed: what the files say before the
   * loader interpolates, merges and fills defaults in (`version`, which it drops, `name`, `!reset`).
   * Shared by every environment of the request: read it, never change it.
   */
  documents: Record<string, Tree | undefined>;
  /**
   * the `x-` entries with a string value that the model's mappings lost to `#extensions` (printed
   * as Go's `map[x-a:1 x-b:2]`, or dropped: src/load/extensions.ts), key and value as interpolated:
   * src/redact/collector.ts reads a secret-named one's value, which that text cannot tell apart
   * from the next key
   */
  extensions?: [string, string][];
  /** where the files set the obsolete top-level `version`, which the loader drops (with a warning) */
  versions: Location[];
  /** where the project name came from */
  nameSource: ProjectNameSource;
  diagnostics: Diagnostic[];
}

/**
 * `option`: `-p` / the bundle's `projectName`; `environment`: COMPOSE_PROJECT_NAME; `file`: the last
 * `name:` of the -f files (`at`); `default`: none of these (Compose would use the directory name).
 */
export interface ProjectNameSource {
  from: 'option' | 'environment' | 'file' | 'default';
  at?: Location;
}
