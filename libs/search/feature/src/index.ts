export * from './hybrid-search.service';
