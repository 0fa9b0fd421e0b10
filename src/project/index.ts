/**
 * What docker compose does with a loaded project before it acts (compose-go types/project.go and
 * graph/): profiles, selected and disabled services, unused resources, the dependency graph and the
 * order services start and stop in. Pure functions of a Project (a LoadedProject with a model is
 * one): each gives a new project and leaves its input as it was.
 */
export { ProjectError, matchName } from './project.js';
export type { Project, ProjectResult } from './project.js';
export { withProfiles, withServicesEnabled, profilesOf } from './profiles.js';
export { servicesInOrder, withSelectedServices, withServicesDisabled } from './select.js';
export type { DependencyPolicy, SelectOptions } from './select.js';
export { withoutUnnecessaryResources } from './resources.js';
export { dependencyGraph, dependencyOrder } from './graph.js';
export type { DependencyGraph, OrderOptions } from './graph.js';
export { servicesWithBuild, servicesWithDependsOn, servicesWithCapabilities, networksByPriority } from './queries.js';
