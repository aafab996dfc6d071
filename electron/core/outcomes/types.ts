/** The outcomes feature's types live in shared/ (the renderer needs them); re-exported for the core's modules. */
export * from '../../../shared/outcomes';
