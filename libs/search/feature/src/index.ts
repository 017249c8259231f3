export * from './feedback.service';
export * from './fusion-settings';
export * from './hybrid-search.service';
export * from './search-caller';
export * from './search-cursor';
export * from './query-targets';
