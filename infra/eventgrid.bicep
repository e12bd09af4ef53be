// ShopPipeline, stage 2: the Event Grid system topic on the storage account and its BlobCreated subscription to the
// IngestExport blob trigger. Event Grid validates a webhook when the subscription is created, and the host only answers
// (and only has its blobs_extension key) once the code with a blob-trigger function is deployed, so this stage runs after
// the zip deployment:
//   az deployment group create -g <rg> -f infra/eventgrid.bicep -p storageAccountName=<…> functionAppName=<…>

targetScope = 'resourceGroup'

@description('The storage account of stage 1 (output storageAccountName).')
param storageAccountName string

@description('The function app of stage 1 (output functionAppName), with the code deployed.')
param functionAppName string

@description('Region of the storage account: a system topic lives beside its source.')
param location string = resourceGroup().location

@description('The blob-trigger function Event Grid delivers to (a folder of functions/app-root).')
param functionName string = 'IngestExport'

@description('The container whose new blobs are exports to process.')
param exportsContainer string = 'exports'

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource app 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

// The host's system key for blob webhooks; it exists once the host has loaded a blob-trigger function.
var blobsExtensionKey = listKeys('${app.id}/host/default', '2024-11-01').systemKeys.blobs_extension

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: '${storageAccountName}-events'
  location: location
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'exports-to-${toLower(functionName)}'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${exportsContainer}/blobs/'
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.api'
          values: [
            'PutBlob'
            'PutBlockList'
            'FlushWithClose'
            'CopyBlob'
          ]
        }
      ]
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output systemTopicName string = topic.name
output subscriptionName string = subscription.name
